using System.Globalization;
using Cake.Common;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Notifications;

namespace Deploy.Build.Tasks;

[TaskName("DeployLock")]
[TaskDescription("Take the environment's deploy lock before any change (released at the end, even on failure).")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(LocalBootstrapTask))]
public sealed class DeployLockTask(IDeployStateStores stores, DeployNotifications notifications) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var store = stores.For(context);
        if (context.DryRun)
        {
            var holder = await store.HolderOrNoneAsync(context.EnvironmentName, context.Cancellation).ConfigureAwait(false);
            context.Log.Information("would take the deploy lock of {0} (now {1})", context.EnvironmentName, holder is null ? "free" : "held by " + holder.Describe());
            await notifications.BeginAsync(context).ConfigureAwait(false);
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        var record = new LockRecord(context.EnvironmentName, DeployStateLocation.Owner(), Environment.MachineName,
            context.ReleaseVersion ?? "unknown", context.RunId, now, now + DeployLockService.DefaultTtl);
        var wait = context.Options.LockWaitTime();
        var etag = await new DeployLockService(store, TimeProvider.System)
            .AcquireAsync(record, wait, TimeSpan.FromSeconds(5), m => context.Log.Information(m), context.Cancellation).ConfigureAwait(false);
        context.HeldLock = new HeldLock(store, record, etag, context.TargetName ?? "unknown");
        context.Log.Information("deploy lock of {0} taken (s3://{1}/{2}, expires {3})", context.EnvironmentName, store.Bucket,
            DeployStateStore.LockKey(context.EnvironmentName), record.ExpiresAt.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        // A release is announced once it holds the lock (a deploy: "started"; the end is announced at teardown).
        await notifications.BeginAsync(context).ConfigureAwait(false);
    }
}
