using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build.Tasks;

[TaskName("Unlock")]
[TaskDescription("Operators: remove a stale deploy lock of --environment (prints who held it).")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class UnlockTask(IDeployStateStores stores) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var store = stores.For(context);
        var (holder, etag) = await store.ReadLockAsync(context.EnvironmentName, context.Cancellation).ConfigureAwait(false);
        if (holder is null)
        {
            context.Log.Information("{0} is not locked", context.EnvironmentName);
            return;
        }

        if (context.DryRun)
        {
            context.Log.Information("would remove the lock of {0} held by {1}", context.EnvironmentName, holder.Describe());
            return;
        }

        var removed = await store.ReleaseAsync(context.EnvironmentName, etag, context.Cancellation).ConfigureAwait(false);
        context.Summary.Change(removed ? $"removed lock held by {holder.Describe()}" : "lock changed hands meanwhile; nothing removed");
    }
}
