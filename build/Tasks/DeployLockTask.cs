using System.Globalization;
using Cake.Common;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build.Tasks;

[TaskName("DeployLock")]
[TaskDescription("Take the environment's deploy lock before any change (released at the end, even on failure).")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class DeployLockTask : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var store = DeployStateLocation.StoreFor(context);
        if (context.DryRun)
        {
            var (holder, _) = await ReadQuietlyAsync(store, context.EnvironmentName).ConfigureAwait(false);
            context.Log.Information("would take the deploy lock of {0} (now {1})", context.EnvironmentName, holder is null ? "free" : "held by " + holder.Describe());
            return;
        }

        if (context.IsLocal)
        {
            await store.EnsureBucketAsync().ConfigureAwait(false);
        }

        var now = TimeProvider.System.GetUtcNow();
        var record = new LockRecord(context.EnvironmentName, DeployStateLocation.Owner(), Environment.MachineName,
            context.ReleaseVersion ?? "unknown", context.RunId, now, now + DeployLockService.DefaultTtl);
        var wait = context.Options.LockWaitTime();
        var etag = await new DeployLockService(store, TimeProvider.System)
            .AcquireAsync(record, wait, TimeSpan.FromSeconds(5), m => context.Log.Information(m)).ConfigureAwait(false);
        context.HeldLock = new HeldLock(store, record, etag, context.TargetName ?? "unknown");
        context.Log.Information("deploy lock of {0} taken (s3://{1}/{2}, expires {3})", context.EnvironmentName, store.Bucket,
            DeployStateStore.LockKey(context.EnvironmentName), record.ExpiresAt.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static async Task<(LockRecord?, string?)> ReadQuietlyAsync(DeployStateStore store, string environment)
    {
        try
        {
            return await store.ReadLockAsync(environment).ConfigureAwait(false);
        }
        catch (Amazon.S3.AmazonS3Exception)
        {
            return (null, null); // no bucket yet: nothing holds the lock
        }
    }
}
