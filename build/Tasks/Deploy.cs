using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Deploy.Build.Tasks;

// The three deploy aggregates side by side (MonoGame keeps its aggregates in one file): read across, they show
// what differs between the environments. tests/Build.Tests/Host/DeployTargetsTests.cs pins the graph.

/// <summary>The whole deploy on the embedded local cloud, in order.</summary>
[TaskName("DeployLocal")]
[TaskDescription("The whole deploy on the local cloud: LocalUp, images, infrastructure, verify, migration, rollout, static site, CDN, smoke test.")]
[IsDependentOn(typeof(LocalUpTask))]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(LocalBootstrapTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(EnsureEcrTask))]
[IsDependentOn(typeof(BuildImagesTask))]
[IsDependentOn(typeof(PushImagesTask))]
[IsDependentOn(typeof(TerragruntApplyTask))]
[IsDependentOn(typeof(VerifyDeployTask))]
[IsDependentOn(typeof(MigrateDbTask))]
[IsDependentOn(typeof(DeployServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class DeployLocalTask : FrostingTask<DeployContext>
{
    /// <summary>The one URL to open: the local edge, which serves the app as CloudFront and the ALB would.</summary>
    public override void Run(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Log.Information("Open {0} (the local edge: CloudFront and the ALB as Terraform created them)", context.LocalCloud.EdgeUrl);
        context.Summary.Change($"open {context.LocalCloud.EdgeUrl}");
    }
}

/// <summary>The whole deploy to staging's AWS account (runs on merge to the staging branch).</summary>
[TaskName("DeployStaging")]
[TaskDescription("The whole deploy to staging (AWS): images built and pushed, Terragrunt, verify, migration, rollout, static site, CDN, smoke test, images marked tested for their source tree.")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(EnsureEcrTask))]
[IsDependentOn(typeof(BuildImagesTask))]
[IsDependentOn(typeof(PushImagesTask))]
[IsDependentOn(typeof(TerragruntApplyTask))]
[IsDependentOn(typeof(VerifyDeployTask))]
[IsDependentOn(typeof(MigrateDbTask))]
[IsDependentOn(typeof(DeployServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
[IsDependentOn(typeof(MarkTestedTask))]
public sealed class DeployStagingTask : FrostingTask<DeployContext>;

/// <summary>Production gets the exact digests staging tested: promoted, never rebuilt.</summary>
[TaskName("DeployProduction")]
[TaskDescription("The whole deploy to production (AWS): the digests staging tested for this source tree promoted (no rebuild), Terragrunt, verify, migration, rollout, static site, CDN, smoke test.")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(EnsureEcrTask))]
[IsDependentOn(typeof(PromoteImagesTask))]
[IsDependentOn(typeof(TerragruntApplyTask))]
[IsDependentOn(typeof(VerifyDeployTask))]
[IsDependentOn(typeof(MigrateDbTask))]
[IsDependentOn(typeof(DeployServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class DeployProductionTask : FrostingTask<DeployContext>;

/// <summary>
/// Puts a named release back (Releases lists them): its services' task definitions, its static files, the invalidation
/// of exactly the paths that change, then the smoke test. Migrations never run backwards (ChooseRelease says which stay).
/// </summary>
[TaskName("Rollback")]
[TaskDescription("Put --environment back on a release (--to=<release id or version>; default: the last good release before the live one): services, static site, CDN, smoke test; audited.")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(ChooseReleaseTask))]
[IsDependentOn(typeof(RollbackServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class RollbackTask : FrostingTask<DeployContext>;
