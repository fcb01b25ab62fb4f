namespace Deploy.Build.Steps.Notifications;

/// <summary>The moments of a release that are announced.</summary>
public enum DeployEvent
{
    Started,
    Succeeded,
    Failed,
    RolledBack,
}

/// <summary>
/// One announcement: what happened to which release where, by whom; how long it took and why it failed where that
/// applies; links to the run (GitHub Actions) and to the environment (its CloudFront site on AWS).
/// </summary>
public sealed record DeployNotice(
    DeployEvent Event,
    string Environment,
    string Target,
    string Release,
    string Who,
    string? Commit = null,
    TimeSpan? Took = null,
    string? Reason = null,
    Uri? RunUrl = null,
    Uri? EnvironmentUrl = null)
{
    /// <summary>"Deploy" or "Rollback": what the run is, for the message.</summary>
    public string Kind => Releases.ReleaseTargets.IsRollback(Target) ? "Rollback" : "Deploy";
}
