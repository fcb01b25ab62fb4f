using System.Text.Json;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// The pipeline's own DOCKER_CONFIG (.deploy/docker, git-ignored): registry logins made by a deploy stay
/// there, not in the user's ~/.docker. The user's CLI plugins (buildx) stay visible through cliPluginsExtraDirs.
/// </summary>
public static class DockerConfigDirectory
{
    public static string Prepare(string repositoryRoot)
    {
        var dir = Path.Combine(repositoryRoot, ".deploy", "docker");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "config.json");
        if (!File.Exists(file))
        {
            var plugins = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "cli-plugins");
            File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object> { ["cliPluginsExtraDirs"] = new[] { plugins } }));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return dir;
    }
}
