using Cake.Frosting;

namespace Deploy.Build.Tasks;

/// <summary>Production gets the exact digests staging tested: promoted, never rebuilt.</summary>
[TaskName("DeployProduction")]
[TaskDescription("The whole deploy to production (AWS): staging's digests promoted (no rebuild), Terragrunt, migration, rollout, static site, CDN, smoke test.")]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(EnsureEcrTask))]
[IsDependentOn(typeof(PromoteImagesTask))]
[IsDependentOn(typeof(TerragruntApplyTask))]
[IsDependentOn(typeof(MigrateDbTask))]
[IsDependentOn(typeof(DeployServicesTask))]
[IsDependentOn(typeof(SyncStaticTask))]
[IsDependentOn(typeof(InvalidateCdnTask))]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class DeployProductionTask : FrostingTask<DeployContext>;
