using Deploy.Build.Aws.Ecs;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Ecs;

public sealed class RolloutDeciderTests
{
    private const string Ours = "arn:aws:ecs:ap-northeast-1:1:task-definition/api:6";
    private const string Previous = "arn:aws:ecs:ap-northeast-1:1:task-definition/api:5";
    private static readonly DateTimeOffset Since = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private static EcsDeployment Primary(string? rolloutState, int running = 2, int desired = 2, string taskDefinition = Ours, string? reason = null) =>
        new("ecs-svc/1", "PRIMARY", taskDefinition, desired, running, 0, 0, rolloutState, reason, Since);

    private static EcsDeployment Active(int running) =>
        new("ecs-svc/0", "ACTIVE", Previous, 2, running, 0, 0, "COMPLETED", null, Since.AddDays(-1));

    private static EcsService Service(int running, params EcsDeployment[] deployments) =>
        Service(running, [], deployments);

    private static EcsService Service(int running, IReadOnlyList<ServiceEvent> events, params EcsDeployment[] deployments) =>
        new("api", "arn:svc", "ACTIVE", deployments[0].TaskDefinition, 2, running, 0, deployments, events);

    private static RolloutDecision Decide(EcsService service, TimeSpan? elapsed = null) =>
        RolloutDecider.Decide(service, Ours, Since, elapsed ?? TimeSpan.FromMinutes(1), Timeout);

    [Fact]
    public void Succeeds_when_our_deployment_completed_and_all_tasks_run() =>
        Assert.Equal(RolloutStatus.Succeeded, Decide(Service(2, Primary("COMPLETED"))).Status);

    [Fact]
    public void Waits_while_the_rollout_is_in_progress() =>
        Assert.Equal(RolloutStatus.InProgress, Decide(Service(3, Primary("IN_PROGRESS", running: 1), Active(2))).Status);

    [Fact]
    public void Waits_while_completed_but_fewer_tasks_run_than_desired() =>
        Assert.Equal(RolloutStatus.InProgress, Decide(Service(1, Primary("COMPLETED", running: 1))).Status);

    [Fact]
    public void Fails_a_failed_rollout_with_its_reason()
    {
        var decision = Decide(Service(2, Primary("FAILED", running: 0, reason: "ECS deployment circuit breaker: tasks failed to start."), Active(2)));

        Assert.Equal(RolloutStatus.Failed, decision.Status);
        Assert.Contains("tasks failed to start", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_circuit_breaker_rolled_back_to_the_previous_revision()
    {
        // After a rollback ECS completes a new PRIMARY deployment of the old revision: COMPLETED, all running. Not a success.
        var decision = Decide(Service(2, Primary("COMPLETED", taskDefinition: Previous)));

        Assert.Equal(RolloutStatus.Failed, decision.Status);
        Assert.Contains("rolled back", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_events_say_rolling_back()
    {
        var events = new[] { new ServiceEvent("e1", Since.AddMinutes(3), "(service api) (deployment ecs-svc/1) deployment failed: tasks failed to start. Rolling back to deployment ecs-svc/0.") };

        var decision = Decide(Service(2, events, Primary("IN_PROGRESS", running: 0), Active(2)));

        Assert.Equal(RolloutStatus.Failed, decision.Status);
        Assert.Contains("Rolling back", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignores_rollback_events_from_before_this_rollout()
    {
        var events = new[] { new ServiceEvent("e0", Since.AddHours(-2), "(service api) deployment failed. Rolling back to deployment ecs-svc/x.") };

        Assert.Equal(RolloutStatus.Succeeded, Decide(Service(2, events, Primary("COMPLETED"))).Status);
    }

    [Fact]
    public void Fails_on_timeout_with_the_progress_so_far()
    {
        var decision = Decide(Service(3, Primary("IN_PROGRESS", running: 1), Active(2)), elapsed: Timeout);

        Assert.Equal(RolloutStatus.Failed, decision.Status);
        Assert.Equal("timed out after 30 min: rolloutState IN_PROGRESS, running 1/2", decision.Reason);
    }

    [Fact]
    public void Without_a_rollout_state_is_stable_when_one_deployment_runs_all_tasks()
    {
        Assert.Equal(RolloutStatus.Succeeded, Decide(Service(2, Primary(null))).Status);
        Assert.Equal(RolloutStatus.InProgress, Decide(Service(4, Primary(null), Active(2))).Status);
    }

    [Fact]
    public void Fails_when_the_service_is_being_deleted() =>
        Assert.Equal(RolloutStatus.Failed, Decide(Service(2, Primary("COMPLETED")) with { Status = "DRAINING" }).Status);

    [Fact]
    public void Polls_with_growing_delays_up_to_a_cap()
    {
        var delays = Enumerable.Range(0, 12).Select(i => RolloutDecider.PollDelay(i)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(2), delays[0]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(TimeSpan.FromSeconds(15), delays[^1]);
    }
}

public sealed class OneOffOutcomeTests
{
    private static EcsTask Task(int? exitCode, string? stoppedReason = null, string? containerReason = null, string? stopCode = null) =>
        new("arn:aws:ecs:ap-northeast-1:1:task/c/0f1e2d3c", "td", "STOPPED", "STOPPED", stopCode, stoppedReason,
            [new EcsContainer("api", "STOPPED", exitCode, containerReason)]);

    [Fact]
    public void Exit_zero_is_a_success()
    {
        var result = OneOffOutcome.FromTask(Task(0, "Essential container in task exited"), "api", ["done"], TimeSpan.FromSeconds(2));

        Assert.True(result.Succeeded);
        Assert.Equal("exit 0", result.Describe());
        Assert.Equal("migration ok (exit 0, 2.0 s)", MigrationRunner.Summary(result));
    }

    [Fact]
    public void A_non_zero_exit_code_is_a_failure()
    {
        var result = OneOffOutcome.FromTask(Task(3, "Essential container in task exited"), "api", [], TimeSpan.FromSeconds(1));

        Assert.False(result.Succeeded);
        Assert.True(result.Started);
        Assert.Equal("exit 3: Essential container in task exited", result.Describe());
        Assert.StartsWith("migration FAILED (exit 3", MigrationRunner.Summary(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_that_never_started_is_a_failure_with_the_stopped_reason()
    {
        var result = OneOffOutcome.FromTask(
            Task(null, "CannotPullContainerError: pull image manifest has been retried 5 time(s)", stopCode: "TaskFailedToStart"),
            "api", [], TimeSpan.FromSeconds(30));

        Assert.False(result.Succeeded);
        Assert.False(result.Started);
        Assert.Equal("task never started: CannotPullContainerError: pull image manifest has been retried 5 time(s)", result.Describe());
    }

    [Fact]
    public void A_task_without_the_named_container_is_a_failure()
    {
        var result = OneOffOutcome.FromTask(Task(0), "migrate", [], TimeSpan.Zero);

        Assert.False(result.Succeeded);
        Assert.Contains("no container 'migrate'", result.Describe(), StringComparison.Ordinal);
    }
}
