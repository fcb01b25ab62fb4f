namespace Deploy.Build.Steps.Releases;

/// <summary>Which targets are releases: the three deploys, and the rollback that undoes one (audit records and notices name them).</summary>
public static class ReleaseTargets
{
    public const string Rollback = "Rollback";

    public static readonly IReadOnlyList<string> Deploys = ["DeployLocal", "DeployStaging", "DeployProduction"];

    public static bool IsDeploy(string? target) => target is not null && Deploys.Contains(target, StringComparer.OrdinalIgnoreCase);

    public static bool IsRollback(string? target) => string.Equals(target, Rollback, StringComparison.OrdinalIgnoreCase);

    /// <summary>The audit log's result of a run that ended well.</summary>
    public const string Ok = "ok";
}
