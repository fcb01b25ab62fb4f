using Cake.Frosting;

namespace Deploy.Build.Tasks;

/// <summary>The whole deploy to staging's AWS account (runs on merge to the staging branch).</summary>
[TaskName("DeployStaging")]
[TaskDescription("The whole deploy to staging (AWS): images built and pushed, Terragrunt, migration, rollout, static site, CDN, smoke test.")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(EnsureEcrTask))]
[IsDependentOn(typeof(BuildImagesTask))]
[IsDependentOn(typeof(PushImagesTask))]
[IsDependentOn(typeof(TerragruntApplyTask))]
[IsDependentOn(typeof(MigrateDbTask))]
[IsDependentOn(typeof(DeployServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class DeployStagingTask : FrostingTask<DeployContext>;
