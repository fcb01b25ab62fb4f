using System.Globalization;
using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;

namespace Deploy.Build.Steps.Services;

/// <summary>What a rollout of one service would do: its current revision and the revision plan for the new image.</summary>
public sealed record RolloutPlan(ServiceTarget Service, EcsService Current, RevisionPlan Revision)
{
    public string Describe() => Revision.Changed
        ? $"{Service.Name}: would move {Service.ServiceName} from revision {TaskDefinitionRenderer.Revision(Revision.Current)} to {Revision.Describe()}, then wait until stable"
        : $"{Service.Name}: unchanged (same image {Revision.Image})";
}

/// <summary>
/// What a rollback would do: the service's current revision and the one to go back to (the release's, or the one before
/// the current); <see cref="Refusal"/> says why there is none.
/// </summary>
public sealed record RollbackPlan(ServiceTarget Service, JsonObject Current, JsonObject? Target, string? Refusal = null, int DesiredCount = 0)
{
    /// <summary>The service already runs the release's revision: nothing to roll.</summary>
    public bool Unchanged => Target is not null && TaskDefinitionRenderer.Arn(Target) == TaskDefinitionRenderer.Arn(Current);

    public string Describe() => Target is null
        ? $"{Service.Name}: {Refusal ?? $"no revision before {TaskDefinitionRenderer.Describe(Current)} to roll back to"}"
        : Unchanged
            ? $"{Service.Name}: unchanged (already on {TaskDefinitionRenderer.Describe(Current)})"
            : $"{Service.Name}: would move {Service.ServiceName} from {TaskDefinitionRenderer.Describe(Current)} back to {TaskDefinitionRenderer.Describe(Target)} ({TaskDefinitionRenderer.ImageOf(Target, Service.ContainerName)})";
}

/// <summary>How one service's rollout ended, as a summary line.</summary>
/// <param name="TaskDefinitionArn">The revision the service runs after it (for the release record).</param>
public sealed record RolloutOutcome(string Service, int FromRevision, int ToRevision, bool Changed, ServiceRolloutResult? Result, string? TaskDefinitionArn = null)
{
    /// <summary>The failure with the service events that explain it.</summary>
    public string FailureText()
    {
        var events = Result?.Events ?? [];
        return Summary() + (events.Count == 0 ? string.Empty : Environment.NewLine + "service events:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", events));
    }

    public bool Succeeded => Result is null || Result.Stable;

    public string Summary()
    {
        if (!Changed && Result is null)
        {
            return $"{Service}: unchanged (same image)";
        }

        var seconds = Result!.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var moved = FromRevision == ToRevision ? $"revision {ToRevision} restarted" : $"revision {FromRevision} -> {ToRevision}";
        return Result.Stable ? $"{Service}: {moved}, stable in {seconds} s" : $"{Service}: {moved} FAILED after {seconds} s: {Result.Reason}";
    }
}

/// <summary>
/// Rolls services onto a new image: a new task definition revision from the family's newest one (Terraform's settings) with
/// only the image changed (see <see cref="RevisionPlan"/>),
/// UpdateService through the platform, and a wait for the platform's verdict. Rollback puts a service back on its
/// previous revision. Plans are read-only (dry run); Apply changes.
/// </summary>
public sealed class ServiceRollout(IEcsClient ecs, IContainerPlatform platform, string? release = null)
{
    private readonly TaskDefinitions _definitions = new(ecs, release: release);

    public async Task<EcsService> DescribeAsync(ServiceTarget service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]), cancellationToken)
            .ConfigureAwait(false);
        var found = described.Services?.FirstOrDefault(s => s.ServiceName == service.ServiceName && s.Status != "INACTIVE");
        return found?.TaskDefinition is not null
            ? found
            : throw new InvalidOperationException($"ECS service {service.ServiceName} not found in cluster {service.Cluster} (is the infrastructure applied?)");
    }

    public async Task<RolloutPlan> PlanAsync(ServiceTarget service, string image, CancellationToken cancellationToken = default)
    {
        var current = await DescribeAsync(service, cancellationToken).ConfigureAwait(false);
        var definition = await _definitions.DescribeAsync(current.TaskDefinition!, cancellationToken).ConfigureAwait(false);
        var revision = await _definitions.PlanAsync(definition, service.ContainerName, image, cancellationToken).ConfigureAwait(false);
        return new RolloutPlan(service, current, revision);
    }

    public async Task<RolloutOutcome> ApplyAsync(RolloutPlan plan, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var from = TaskDefinitionRenderer.Revision(plan.Revision.Current);
        if (!plan.Revision.Changed)
        {
            // Same image and settings: no new revision. ECS keeps it running; the local plane may have lost its containers (restart).
            var arn = TaskDefinitionRenderer.Arn(plan.Revision.Current)!;
            if (await platform.IsServingAsync(plan.Service, arn, cancellationToken).ConfigureAwait(false))
            {
                return new RolloutOutcome(plan.Service.Name, from, from, false, null, arn);
            }

            var restarted = await platform.DeployServiceAsync(plan.Service, arn, timeout, cancellationToken).ConfigureAwait(false);
            return new RolloutOutcome(plan.Service.Name, from, from, false, restarted, arn);
        }

        var target = await _definitions.ApplyAsync(plan.Revision, cancellationToken).ConfigureAwait(false);
        var result = await platform.DeployServiceAsync(plan.Service, TaskDefinitionRenderer.Arn(target)!, timeout, cancellationToken).ConfigureAwait(false);
        return new RolloutOutcome(plan.Service.Name, from, TaskDefinitionRenderer.Revision(target), true, result, TaskDefinitionRenderer.Arn(target));
    }

    public async Task<RollbackPlan> PlanRollbackAsync(ServiceTarget service, CancellationToken cancellationToken = default)
    {
        var current = await DescribeAsync(service, cancellationToken).ConfigureAwait(false);
        var definition = await _definitions.DescribeAsync(current.TaskDefinition!, cancellationToken).ConfigureAwait(false);
        var previous = await _definitions.PreviousAsync(definition, cancellationToken).ConfigureAwait(false);
        return new RollbackPlan(service, definition, previous, DesiredCount: current.DesiredCount);
    }

    /// <summary>
    /// Read-only: the plan to put a service back on the task definition a release recorded for it. ECS keeps every
    /// revision, but it runs no new task from a deregistered (INACTIVE) one: that is refused, naming the revision.
    /// </summary>
    public async Task<RollbackPlan> PlanRollbackToAsync(ServiceTarget service, string? releaseTaskDefinition, string release, CancellationToken cancellationToken = default)
    {
        var current = await DescribeAsync(service, cancellationToken).ConfigureAwait(false);
        var definition = await _definitions.DescribeAsync(current.TaskDefinition!, cancellationToken).ConfigureAwait(false);
        if (releaseTaskDefinition is null)
        {
            return new RollbackPlan(service, definition, null, $"release {release} recorded no task definition for {service.ServiceName}", current.DesiredCount);
        }

        JsonObject target;
        try
        {
            target = await _definitions.DescribeAsync(releaseTaskDefinition, cancellationToken).ConfigureAwait(false);
        }
        catch (Aws.AwsServiceException ex) when (ex.ErrorCode is "ClientException" or "InvalidParameterException")
        {
            return new RollbackPlan(service, definition, null, $"release {release}'s task definition {releaseTaskDefinition} no longer exists ({ex.ErrorCode})", current.DesiredCount);
        }

        return (string?)target["status"] is "INACTIVE" or "DELETE_IN_PROGRESS"
            ? new RollbackPlan(service, definition, null, $"release {release}'s task definition {TaskDefinitionRenderer.Describe(target)} is deregistered: ECS runs no new task from it", current.DesiredCount)
            : new RollbackPlan(service, definition, target, DesiredCount: current.DesiredCount);
    }

    public async Task<RolloutOutcome> ApplyRollbackAsync(RollbackPlan plan, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Target is null)
        {
            throw new InvalidOperationException(plan.Describe());
        }

        var arn = TaskDefinitionRenderer.Arn(plan.Target)!;
        var from = TaskDefinitionRenderer.Revision(plan.Current);
        if (plan.Unchanged && await platform.IsServingAsync(plan.Service, arn, cancellationToken).ConfigureAwait(false))
        {
            return new RolloutOutcome(plan.Service.Name, from, from, false, null, arn);
        }

        var result = await platform.DeployServiceAsync(plan.Service, arn, timeout, cancellationToken).ConfigureAwait(false);
        return new RolloutOutcome(plan.Service.Name, from, TaskDefinitionRenderer.Revision(plan.Target), !plan.Unchanged, result, arn);
    }
}
