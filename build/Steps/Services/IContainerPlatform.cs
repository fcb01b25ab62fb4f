namespace Deploy.Build.Steps.Services;

/// <summary>Where one-off tasks and service tasks run (ECS on AWS, the Docker data plane locally).</summary>
public sealed record TaskNetwork(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, bool AssignPublicIp);

/// <summary>A one-off task: a registered task definition run once with a command override (e.g. a migration).</summary>
public sealed record OneOffTaskRequest(
    string Cluster,
    string TaskDefinitionArn,
    string ContainerName,
    IReadOnlyList<string> Command,
    TaskNetwork Network,
    TimeSpan Timeout);

/// <summary>How a one-off task ended: <see cref="Started"/> false when it never ran (reason in <see cref="StoppedReason"/>).</summary>
public sealed record OneOffTaskResult(bool Started, int? ExitCode, string? StoppedReason, IReadOnlyList<string> LogLines, TimeSpan Duration)
{
    public bool Succeeded => Started && ExitCode == 0;

    public string Describe() => !Started
        ? $"task never started: {StoppedReason ?? "no reason given"}"
        : ExitCode is null
            ? $"task stopped without an exit code: {StoppedReason ?? "no reason given"}"
            : $"exit {ExitCode}{(ExitCode == 0 || StoppedReason is null ? string.Empty : ": " + StoppedReason)}";
}

/// <summary>A service as the deploy knows it: <see cref="Name"/> and health path from the config, ECS names from the infrastructure outputs.</summary>
public sealed record ServiceTarget(string Name, string Cluster, string ServiceName, string ContainerName, string HealthPath);

/// <summary>The result of moving a service to a task definition (or to a task count) and waiting for it.</summary>
public sealed record ServiceRolloutResult(bool Stable, string Reason, IReadOnlyList<string> Events, TimeSpan Duration);

/// <summary>
/// The one interface the deploy tasks call to run containers. The control plane (task definitions,
/// service records) is ECS in both environments; what differs is who runs the tasks and decides
/// "stable": ECS itself (<c>AwsEcsPlatform</c>) or the local Docker data plane (<c>LocalDockerPlatform</c>).
/// </summary>
public interface IContainerPlatform : IDisposable
{
    /// <summary>Runs a one-off task to completion (or its timeout) and returns its exit code and log lines.</summary>
    Task<OneOffTaskResult> RunOneOffTaskAsync(OneOffTaskRequest request, CancellationToken cancellationToken = default);

    /// <summary>Points the service at a task definition and waits until it is stable or has failed (rolled back).</summary>
    Task<ServiceRolloutResult> DeployServiceAsync(ServiceTarget service, string taskDefinitionArn, TimeSpan timeout,
        CancellationToken cancellationToken = default);

    /// <summary>Whether the service is running the task definition (ECS keeps services running; the local plane may have lost them).</summary>
    Task<bool> IsServingAsync(ServiceTarget service, string taskDefinitionArn, CancellationToken cancellationToken = default);

    /// <summary>Sets the desired task count and waits until that many tasks run.</summary>
    Task<ServiceRolloutResult> ScaleServiceAsync(ServiceTarget service, int count, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings request routing in step with the control plane after a deploy (an apply may have changed routes with no
    /// target moving). AWS: nothing to do, CloudFront and the ALB follow their own configuration; locally the edge reloads.
    /// </summary>
    Task SyncRoutingAsync(CancellationToken cancellationToken = default);
}
