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

/// <summary>What a rollback would do: the service's current revision and the one before it.</summary>
public sealed record RollbackPlan(ServiceTarget Service, JsonObject Current, JsonObject? Previous)
{
    public string Describe() => Previous is null
        ? $"{Service.Name}: no revision before {TaskDefinitionRenderer.Describe(Current)} to roll back to"
        : $"{Service.Name}: would move {Service.ServiceName} from {TaskDefinitionRenderer.Describe(Current)} back to {TaskDefinitionRenderer.Describe(Previous)}";
}

/// <summary>How one service's rollout ended, as a summary line.</summary>
public sealed record RolloutOutcome(string Service, int FromRevision, int ToRevision, bool Changed, ServiceRolloutResult? Result)
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
                return new RolloutOutcome(plan.Service.Name, from, from, false, null);
            }

            var restarted = await platform.DeployServiceAsync(plan.Service, arn, timeout, cancellationToken).ConfigureAwait(false);
            return new RolloutOutcome(plan.Service.Name, from, from, false, restarted);
        }

        var target = await _definitions.ApplyAsync(plan.Revision, cancellationToken).ConfigureAwait(false);
        var result = await platform.DeployServiceAsync(plan.Service, TaskDefinitionRenderer.Arn(target)!, timeout, cancellationToken).ConfigureAwait(false);
        return new RolloutOutcome(plan.Service.Name, from, TaskDefinitionRenderer.Revision(target), true, result);
    }

    public async Task<RollbackPlan> PlanRollbackAsync(ServiceTarget service, CancellationToken cancellationToken = default)
    {
        var current = await DescribeAsync(service, cancellationToken).ConfigureAwait(false);
        var definition = await _definitions.DescribeAsync(current.TaskDefinition!, cancellationToken).ConfigureAwait(false);
        var previous = await _definitions.PreviousAsync(definition, cancellationToken).ConfigureAwait(false);
        return new RollbackPlan(service, definition, previous);
    }

    public async Task<RolloutOutcome> ApplyRollbackAsync(RollbackPlan plan, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Previous is null)
        {
            throw new InvalidOperationException(plan.Describe());
        }

        var result = await platform.DeployServiceAsync(plan.Service, TaskDefinitionRenderer.Arn(plan.Previous)!, timeout, cancellationToken)
            .ConfigureAwait(false);
        return new RolloutOutcome(plan.Service.Name, TaskDefinitionRenderer.Revision(plan.Current), TaskDefinitionRenderer.Revision(plan.Previous), true, result);
    }
}
