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
        "No AWS credentials found: set AWS_PROFILE (aws sso login), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or, in GitHub Actions, give the job permissions: id-token: write (the pipeline assumes the environment's ci-access roles itself).";

    /// <summary>The profile in use is an SSO profile and its cached login token is missing, expired or was revoked.</summary>
    public static string SsoLoginNeeded(string profile) =>
        $"No AWS credentials found: the SSO login of profile {profile} is missing or expired; run aws sso login --profile {profile}.";

    public static string Unreachable(string endpoint, string reason) =>
        $"Cannot reach AWS STS at {endpoint}: {reason.Split('\n')[0].Trim()} (check the network, proxy settings or AWS_ENDPOINT_URL).";

    /// <summary>A tool whose version is outside the range the pipeline's command lines are written for.</summary>
    public static void RequireSupportedVersion(ToolRequirement tool, string? versionLine)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (!tool.HasRange)
        {
            return;
        }

        var version = ToolRequirement.ParseVersion(versionLine);
        if (version is null || !tool.Supports(version))
        {
            var found = version?.ToString() ?? $"an unreadable version ({versionLine ?? "no output"})";
            throw new PreflightException(
                $"{tool.Name} {found} is not supported: this pipeline supports {tool.Name} {tool.RangeText} ({tool.RangeReason}); {tool.InstallHint}.");
        }
    }

    /// <summary>
    /// In GitHub Actions a real deploy of an environment runs only from that environment's branch (deploy.yml
    /// <c>environments.&lt;env&gt;.branch</c>): a manual dispatch from another branch is refused before anything
    /// changes. Dry runs (the plan on main) and other targets (the scheduled scaling) are not deploys.
    /// </summary>
    public static void RequireBranch(EnvironmentConfig environment, string target, bool dryRun, string? gitHubActions, string? gitHubRef)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var deploys = target.ToUpperInvariant() is "DEPLOYSTAGING" or "DEPLOYPRODUCTION" or "DESTROYSTAGING";
        if (gitHubActions != "true" || dryRun || !deploys || environment.Branch is not { Length: > 0 } branch)
        {
            return;
        }

        if (!string.Equals(gitHubRef, "refs/heads/" + branch, StringComparison.Ordinal))
        {
            throw new PreflightException(
                $"{target} runs only from the {branch} branch (deploy.yml environments.{environment.Name}.branch); this run is on {gitHubRef ?? "an unknown ref"}.");
        }
    }

    /// <summary>The state bucket (Terraform state, the deploy lock, the audit log) is made once per account, by a script.</summary>
    public static string NoStateBucket(string bucket, string environment) =>
        $"The state bucket {bucket} of {environment} does not exist: create it once with scripts/bootstrap_state.sh {environment} (Terragrunt does not create it).";

    public static string MissingTool(ToolRequirement tool, string environment) =>
        $"{tool.Name} is required for a deploy to {environment} but was not found on PATH: {tool.InstallHint}.";
}
