namespace Deploy.Build.Tests.Support;

/// <summary>
/// Integration tests need real tools. On a developer machine without them a test is skipped with
/// the reason; in CI (CI=true) a missing tool is a failure, so CI can never pass by skipping.
/// </summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Tool(string name)
    {
        var path = ProcessRunner.Locate(name);
        if (path is not null)
        {
            return path;
        }

        var reason = $"{name} is not on PATH (.ci/run installs it)";
        Skip.If(!InCi, reason);
        throw new InvalidOperationException(reason);
    }
}
