using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Tools.Git;

namespace Deploy.Build.Steps.Preflight;

/// <summary>The decisions Preflight makes, free of I/O so they can be tested directly.</summary>
public static class PreflightChecks
{
    /// <summary>AWS environments get only committed code; a dirty local tree deploys under its own version.</summary>
    public static void RequireCleanTree(GitState git, EnvironmentConfig environment)
    {
        if (git.IsDirty && environment.IsAws)
        {
            throw new PreflightException(
                $"Refusing to deploy a dirty working tree to {environment.Name}: commit or stash your changes first.");
        }
    }

    public static void RequireAccount(EnvironmentConfig environment, string actualAccount)
    {
        if (environment.AccountId is { } expected && !string.Equals(expected, actualAccount, StringComparison.Ordinal))
        {
            throw new PreflightException(
                $"Wrong AWS account for {environment.Name}: credentials are for {actualAccount}, deploy.yml expects {expected}.");
        }
    }

    public const string NoCredentials =
        "No AWS credentials found: set AWS_PROFILE (aws sso login), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run in GitHub Actions with the OIDC deploy role.";

    public static string Unreachable(string endpoint, string reason) =>
        $"Cannot reach AWS STS at {endpoint}: {reason.Split('\n')[0].Trim()} (check the network, proxy settings or AWS_ENDPOINT_URL).";

    public static string MissingTool(ToolRequirement tool, string environment) =>
        $"{tool.Name} is required for a deploy to {environment} but was not found on PATH: {tool.InstallHint}.";
}
