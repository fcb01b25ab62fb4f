using System.Diagnostics;
using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;

namespace Deploy.Build.Steps.Services;

/// <summary>Poll pacing of the AWS waits (tests shorten it).</summary>
public sealed record PollSettings(TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static PollSettings Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));
}

/// <summary>
/// ECS runs the tasks: RunTask/DescribeTasks for one-off tasks (logs from CloudWatch Logs), UpdateService then a
/// DescribeServices wait decided by <see cref="RolloutDecider"/> for services.
/// </summary>
public sealed class AwsEcsPlatform(IEcsClient ecs, ILogsClient logs, Action<string> log, PollSettings? poll = null) : IContainerPlatform
{
    private readonly PollSettings _poll = poll ?? PollSettings.Default;

    public async Task<OneOffTaskResult> RunOneOffTaskAsync(OneOffTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var run = await ecs.RunTaskAsync(new RunTaskRequest(
            request.Cluster,
            request.TaskDefinitionArn,
            1,
            "FARGATE",
            new NetworkConfiguration(new AwsVpcConfiguration(request.Network.Subnets, request.Network.SecurityGroups,
                request.Network.AssignPublicIp ? "ENABLED" : "DISABLED")),
            new TaskOverride([new ContainerOverride(request.ContainerName, request.Command)]),
            "deploy-pipeline",
            // Same token on every retry: ECS starts the task once even when an answer was lost.
            Guid.NewGuid().ToString("N")), cancellationToken).ConfigureAwait(false);
        var task = run.Tasks is { Count: > 0 } started ? started[0] : null;
        if (task is null)
        {
            var why = string.Join("; ", (run.Failures ?? []).Select(f => f.ToString()));
            return new OneOffTaskResult(false, null, why.Length == 0 ? "RunTask returned no task" : why, [], clock.Elapsed);
        }

        log($"started task {task.Id} ({request.TaskDefinitionArn})");
        var attempt = 0;
        while (task.LastStatus != "STOPPED")
        {
            if (clock.Elapsed >= request.Timeout)
            {
                await ecs.StopTaskAsync(new StopTaskRequest(request.Cluster, task.TaskArn, "deploy pipeline: timed out"), CancellationToken.None)
                    .ConfigureAwait(false);
                var lines = await ReadLogsAsync(request, task, cancellationToken).ConfigureAwait(false);
                return new OneOffTaskResult(true, null, $"timed out after {request.Timeout.TotalMinutes:0.#} min (task stopped)", lines, clock.Elapsed);
            }

            await Task.Delay(RolloutDecider.PollDelay(attempt++, _poll.FirstDelay, _poll.MaxDelay), cancellationToken).ConfigureAwait(false);
            var described = await ecs.DescribeTasksAsync(new DescribeTasksRequest(request.Cluster, [task.TaskArn]), cancellationToken)
                .ConfigureAwait(false);
            task = described.Tasks is { Count: > 0 } tasks ? tasks[0] : task;
        }

        var logLines = await ReadLogsAsync(request, task, cancellationToken).ConfigureAwait(false);
        return OneOffOutcome.FromTask(task, request.ContainerName, logLines, clock.Elapsed);
    }

    public async Task<ServiceRolloutResult> DeployServiceAsync(ServiceTarget service, string taskDefinitionArn, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var since = DateTimeOffset.UtcNow;
        await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, taskDefinitionArn), cancellationToken)
            .ConfigureAwait(false);
        return await WaitAsync(service, taskDefinitionArn, since, timeout, cancellationToken).ConfigureAwait(false);
    }

    public Task SyncRoutingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> IsServingAsync(ServiceTarget service, string taskDefinitionArn, CancellationToken cancellationToken = default) =>
        Task.FromResult(true); // ECS keeps a service's tasks running; nothing to restore

    public async Task<ServiceRolloutResult> ScaleServiceAsync(ServiceTarget service, int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var since = DateTimeOffset.UtcNow;
        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, DesiredCount: count), cancellationToken)
            .ConfigureAwait(false);
        var current = updated.Service?.TaskDefinition ?? throw new InvalidOperationException($"UpdateService returned no service for {service.ServiceName}");
        return await WaitAsync(service, current, since, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls DescribeServices with backoff until <see cref="RolloutDecider"/> decides.</summary>
    public async Task<ServiceRolloutResult> WaitAsync(ServiceTarget service, string taskDefinitionArn, DateTimeOffset since, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        string? lastProgress = null;
        while (true)
        {
            var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]), cancellationToken)
                .ConfigureAwait(false);
            var snapshot = described.Services?.FirstOrDefault(s => s.ServiceName == service.ServiceName)
                           ?? throw new InvalidOperationException($"service {service.ServiceName} not found in cluster {service.Cluster}");
            var decision = RolloutDecider.Decide(snapshot, taskDefinitionArn, since, clock.Elapsed, timeout);
            if (decision.Status != RolloutStatus.InProgress)
            {
                return new ServiceRolloutResult(decision.Status == RolloutStatus.Succeeded, decision.Reason,
                    RolloutDecider.RecentEvents(snapshot, since), clock.Elapsed);
            }

            if (decision.Reason != lastProgress)
            {
                log($"{service.ServiceName}: {decision.Reason}");
                lastProgress = decision.Reason;
            }

            var delay = RolloutDecider.PollDelay(attempt++, _poll.FirstDelay, _poll.MaxDelay);
            var left = timeout - clock.Elapsed;
            await Task.Delay(left > TimeSpan.Zero && left < delay ? left : delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<string>> ReadLogsAsync(OneOffTaskRequest request, EcsTask task, CancellationToken cancellationToken)
    {
        var definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(request.TaskDefinitionArn), cancellationToken)
            .ConfigureAwait(false)).TaskDefinition;
        var stream = AwsLogsStream(definition, request.ContainerName, task.Id);
        return stream is null
            ? []
            : await LogStreamReader.ReadAllAsync(logs, stream.Value.Group, stream.Value.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the awslogs driver writes a task's container output: group and prefix/container/task-id.</summary>
    public static (string Group, string Stream)? AwsLogsStream(JsonObject? taskDefinition, string container, string taskId)
    {
        var config = taskDefinition is null ? null : TaskDefinitionRenderer.FindContainer(taskDefinition, container)?["logConfiguration"];
        if ((string?)config?["logDriver"] != "awslogs")
        {
            return null;
        }

        var group = (string?)config["options"]?["awslogs-group"];
        var prefix = (string?)config["options"]?["awslogs-stream-prefix"];
        return group is null || prefix is null ? null : (group, $"{prefix}/{container}/{taskId}");
    }

    public void Dispose()
    {
        ecs.Dispose();
        logs.Dispose();
    }
}
