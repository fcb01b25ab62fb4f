using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

/// <summary>
/// Local cloud only: what an account administrator does once in AWS before the first deploy (infra/terraform/README):
/// the deploy-state bucket (bootstrap_state.sh there) and the ci-access roles, as the account owner. Every later
/// phase runs as a role, so this comes before the deploy lock, which the deploy role takes.
/// </summary>
[TaskName("LocalBootstrap")]
[TaskDescription("Local cloud: create the deploy-state bucket and the ci-access roles as the account owner (an administrator does this once in AWS).")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class LocalBootstrapTask(InfraApplier applier) : AsyncFrostingTask<DeployContext>
{
    public override bool ShouldRun(DeployContext context) => context.IsLocal && !context.DryRun;

    public override async Task RunAsync(DeployContext context)
    {
        // Before the deploy lock, so two local deploys started together take turns here (their saved plans would
        // otherwise go stale under each other).
        using var turn = await LocalCloud.StateLock.AcquireAsync(Path.Combine(context.LocalCloud.RunDirectory, "bootstrap"), context.Cancellation, TimeSpan.FromMinutes(10))
            .ConfigureAwait(false);
        var store = DeployStateLocation.StoreFor(context, Aws.Sts.DeployRole.Admin);
        await store.EnsureBucketAsync(context.Cancellation).ConfigureAwait(false);
        await Task.Run(() => applier.BootstrapRoles(context), context.Cancellation).ConfigureAwait(false);
    }
}
