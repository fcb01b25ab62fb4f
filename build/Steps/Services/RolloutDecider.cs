using Deploy.Build.Aws.Ecs;

namespace Deploy.Build.Steps.Services;

public enum RolloutStatus
{
    InProgress,
    Succeeded,
    Failed,
}

public sealed record RolloutDecision(RolloutStatus Status, string Reason);

/// <summary>
/// Decides, from one DescribeServices snapshot, whether an ECS rollout to a task definition has finished.
/// Success only when the PRIMARY deployment is ours, COMPLETED, and running equals desired; a circuit-breaker
/// rollback (PRIMARY is another task definition, or events say "rolling back") is a failure, not a success.
/// </summary>
public static class RolloutDecider
{
    public static RolloutDecision Decide(EcsService service, string taskDefinitionArn, DateTimeOffset since, TimeSpan elapsed, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(service);
        var deployments = service.Deployments ?? [];
        var primary = deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var progress = primary is null
            ? $"running {service.RunningCount}/{service.DesiredCount}"
            : $"rolloutState {primary.RolloutState ?? "(none)"}, running {primary.RunningCount}/{primary.DesiredCount}";

        if (service.Status is not null && service.Status != "ACTIVE")
        {
            return Failed($"service is {service.Status}");
        }

        if (primary is not null && primary.TaskDefinition != taskDefinitionArn)
        {
            return Failed($"rolled back: the primary deployment runs {primary.TaskDefinition}, not {taskDefinitionArn} (deployment circuit breaker)");
        }

        var rollingBack = RecentEvents(service, since).FirstOrDefault(e =>
            e.Contains("rolling back", StringComparison.OrdinalIgnoreCase) || e.Contains("circuit breaker", StringComparison.OrdinalIgnoreCase));
        if (rollingBack is not null)
        {
            return Failed($"rolling back: {rollingBack}");
        }

        if (primary?.RolloutState == "FAILED")
        {
            return Failed($"rollout FAILED: {primary.RolloutStateReason ?? "no reason given"}");
        }

        var countsMatch = primary is not null
                          && primary.RunningCount == primary.DesiredCount
                          && service.RunningCount == service.DesiredCount;
        var completed = primary?.RolloutState switch
        {
            "COMPLETED" => true,
            // No rolloutState (ECS without the circuit breaker): stable as the CLI waiter defines it.
            null => deployments.Count == 1,
            _ => false,
        };
        if (completed && countsMatch)
        {
            return new RolloutDecision(RolloutStatus.Succeeded, progress);
        }

        return elapsed >= timeout
            ? Failed($"timed out after {timeout.TotalMinutes:0.#} min: {progress}")
            : new RolloutDecision(RolloutStatus.InProgress, progress);
    }

    /// <summary>Service event messages since the rollout began, newest first (as ECS lists them).</summary>
    public static IReadOnlyList<string> RecentEvents(EcsService service, DateTimeOffset since, int max = 10) =>
        (service?.Events ?? [])
        .Where(e => e.CreatedAt is null || e.CreatedAt >= since.AddSeconds(-5))
        .Take(max)
        .Select(e => e.Message)
        .ToList();

    /// <summary>The poll delay after <paramref name="attempt"/> polls: 2 s growing by half, capped at 15 s.</summary>
    public static TimeSpan PollDelay(int attempt, TimeSpan? first = null, TimeSpan? max = null)
    {
        var start = first ?? TimeSpan.FromSeconds(2);
        var cap = max ?? TimeSpan.FromSeconds(15);
        var delay = start * Math.Pow(1.5, Math.Min(attempt, 20));
        return delay > cap ? cap : delay;
    }

    private static RolloutDecision Failed(string reason) => new(RolloutStatus.Failed, reason);
}

/// <summary>Turns a stopped ECS task into a one-off result: exit code of the named container, or why it never ran.</summary>
public static class OneOffOutcome
{
    public static OneOffTaskResult FromTask(EcsTask task, string containerName, IReadOnlyList<string> logLines, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(task);
        var container = task.Containers?.FirstOrDefault(c => c.Name == containerName);
        var reason = string.Join("; ", new[] { task.StoppedReason, container?.Reason }.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct());
        if (container is null)
        {
            reason = $"no container '{containerName}' in the task{(reason.Length == 0 ? string.Empty : ": " + reason)}";
        }

        // ECS reports an exit code only for a container that ran; without one the task never started
        // (image pull failure, missing secret, no capacity...), and the stopped reason says why.
        return new OneOffTaskResult(container?.ExitCode is not null, container?.ExitCode, reason.Length == 0 ? null : reason, logLines, duration);
    }
}
