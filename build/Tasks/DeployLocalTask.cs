using Cake.Frosting;

namespace Deploy.Build.Tasks;

/// <summary>The whole deploy on the embedded local cloud, in order.</summary>
[TaskName("DeployLocal")]
[TaskDescription("The whole deploy on the local cloud: LocalUp, images, infrastructure, migration, rollout, static site, CDN, smoke test.")]
[IsDependentOn(typeof(LocalUpTask))]
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
public sealed class DeployLocalTask : FrostingTask<DeployContext>;
