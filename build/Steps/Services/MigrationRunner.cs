using System.Globalization;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Configuration;

namespace Deploy.Build.Steps.Services;

/// <summary>The migration as a one-off task: which revision (the one the service would get, with the new image) and command.</summary>
public sealed record MigrationPlan(ServiceTarget Service, RevisionPlan Revision, MigrationConfig Config, TaskNetwork Network)
{
    public string Describe() =>
        $"would run [{string.Join(' ', Config.Command)}] as a one-off task of {Revision.Describe()} in {Service.Cluster} " +
        $"(timeout {Config.Timeout.TotalMinutes:0.#} min)";
}

/// <summary>
/// Runs the configured migration command as a one-off task of the revision the service is about to get: the new image
/// with the family's newest settings (Terraform's environment and secrets, see <see cref="RevisionPlan"/>) and the
/// services' network, before any service changes.
/// </summary>
public sealed class MigrationRunner(IEcsClient ecs, IContainerPlatform platform, string? release = null)
{
    private readonly TaskDefinitions _definitions = new(ecs, release: release);

    public async Task<MigrationPlan> PlanAsync(ServiceTarget service, string image, MigrationConfig config, TaskNetwork network,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var current = await new ServiceRollout(ecs, platform).DescribeAsync(service, cancellationToken).ConfigureAwait(false);
        var definition = await _definitions.DescribeAsync(current.TaskDefinition!, cancellationToken).ConfigureAwait(false);
        var revision = await _definitions.PlanAsync(definition, service.ContainerName, image, cancellationToken).ConfigureAwait(false);
        return new MigrationPlan(service, revision, config, network);
    }

    /// <summary>Runs the migration; returns how it ended and the task definition revision it ran as.</summary>
    public async Task<(OneOffTaskResult Result, string TaskDefinitionArn)> RunAsync(MigrationPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var definition = await _definitions.ApplyAsync(plan.Revision, cancellationToken).ConfigureAwait(false);
        var arn = TaskDefinitionRenderer.Arn(definition)!;
        var result = await platform.RunOneOffTaskAsync(new OneOffTaskRequest(
            plan.Service.Cluster,
            arn,
            plan.Service.ContainerName,
            plan.Config.Command,
            plan.Network,
            plan.Config.Timeout), cancellationToken).ConfigureAwait(false);
        return (result, arn);
    }

    /// <summary>"migration ok (exit 0, 2.1 s)" or the failure with its reason.</summary>
    public static string Summary(OneOffTaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var seconds = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        return result.Succeeded ? $"migration ok (exit 0, {seconds} s)" : $"migration FAILED ({result.Describe()}, {seconds} s)";
    }
}
