namespace Deploy.Build.Utilities;

/// <summary>Repository paths, relative to the root, in one place.</summary>
public static class Paths
{
    public const string ConfigFile = "deploy.yml";
    public const string TestProject = "tests/Build.Tests/Build.Tests.csproj";
    public const string InfraRoot = "infra/terraform";
    public const string LocalCloudDir = ".local-cloud";
    public const string TestResultsDir = ".deploy/test-results";
    public const string InfraWorkDir = ".deploy/infra";
}

/// <summary>Finds the repository root: the nearest folder upwards holding build.sh and the build project.</summary>
public static class RepositoryRoot
{
    public static string Find(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory());
        for (var d = dir; d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "build.sh")) && Directory.Exists(Path.Combine(d.FullName, "build")))
            {
                return d.FullName;
            }
        }

        // Tests and tools run from bin folders: fall back to the build assembly's location.
        var fromAssembly = Path.GetDirectoryName(typeof(RepositoryRoot).Assembly.Location);
        return fromAssembly is not null && start is null ? Find(fromAssembly) : dir.FullName;
    }
}
