using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;

namespace Deploy.Build.Tasks;

[TaskName("Releases")]
[TaskDescription("List --environment's releases (successful deploys and rollbacks) from the audit log, newest first, the live one marked: what Rollback --to takes.")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class ReleasesTask(IDeployStateStores stores) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var records = await stores.For(context).HistoryOrNoneAsync(context.EnvironmentName, ReleaseCatalog.Depth, context.Cancellation).ConfigureAwait(false);
        Console.Out.WriteLine(ReleaseCatalog.Table(ReleaseCatalog.Releases(records).Take(context.Options.HistoryCount()).ToList()));
    }
}
