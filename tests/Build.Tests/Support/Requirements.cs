namespace Deploy.Build.Tests.Support;

/// <summary>
/// Integration tests need real tools. On a developer machine without them a test is skipped with
/// the reason; in CI (CI=true) a missing tool is a failure, so CI can never pass by skipping.
/// </summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Tool(string name) =>
        ProcessRunner.Locate(name) ?? throw Missing($"{name} is not on PATH (.ci/run installs it)");

    /// <summary>Something a test needs is not here: skips the test locally; in CI, the returned exception fails it.</summary>
    public static InvalidOperationException Missing(string reason)
    {
        Skip.If(!InCi, reason);
        return new InvalidOperationException(reason);
    }
}
