using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Releases;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Steps.Verify;

namespace Deploy.Build.Tasks;

[TaskName("Verify")]
[TaskDescription("Drift detection, read-only (the plan role): --environment against its live release: infrastructure plan, services' task definitions, digests and counts, static files and headers. Exit 0 in sync, 2 on drift, 1 on error.")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class VerifyTask(InfraApplier applier, IStaticSiteClients clients, RunExit exit) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var outputs = EcsTargets.RequireOutputs(context.Outputs);
        // A read-only target: the run is a dry run, so every call below goes as the plan role.
        var reader = context.AwsAs(DeployRole.Plan);
        var records = await DeployStateLocation.StoreFor(context, DeployRole.Plan)
            .HistoryOrNoneAsync(context.EnvironmentName, ReleaseCatalog.Depth, context.Cancellation).ConfigureAwait(false);
        var releases = ReleaseCatalog.Releases(records);
        var live = releases.Count > 0 ? releases[0] : throw new DeployInputException($"no release of {context.EnvironmentName} is recorded: nothing to verify against (deploy first)");
        context.Log.Information("live release of {0}: {1}, {2} at {3:yyyy-MM-dd HH:mm} UTC", context.EnvironmentName, ReleaseCatalog.Name(live), live.Target, live.EndedAt);

        // The infrastructure: a plan with changes is drift made outside Terraform (or IaC not applied yet).
        var drift = new List<string>();
        var plan = applier.PlanOnly(context, destroy: false);
        drift.AddRange(plan.Units.Where(u => u.HasChanges).Select(u => $"infrastructure {u.Unit}: the plan would change {u.Counts}"));
        var inSync = plan.Units.Where(u => !u.HasChanges).Select(u => $"infrastructure {u.Unit}: no changes").ToList();

        using var ecs = new EcsClient(reader, onRetry: m => context.Log.Verbose("verify {0}", m));
        using var s3 = clients.CreateS3(reader, 8);
        var report = await ReleaseDrift.CheckAsync(context.Config, outputs, live, ecs, s3, context.Cancellation).ConfigureAwait(false);
        drift.AddRange(report.Drift);
        inSync.AddRange(report.InSync);

        foreach (var line in inSync)
        {
            context.Log.Information("  ok    {0}", line);
        }

        foreach (var line in drift)
        {
            context.Log.Warning("  DRIFT {0}", line);
            context.Summary.Change($"drift: {line}");
        }

        if (drift.Count == 0)
        {
            context.Summary.Change($"in sync with release {ReleaseCatalog.Name(live)} ({inSync.Count} checks)");
            return;
        }

        context.Log.Warning("{0} drift(s) from release {1}: exit {2}", drift.Count, ReleaseCatalog.Name(live), ExitCodes.Drift);
        exit.Code = ExitCodes.Drift;
    }
}
