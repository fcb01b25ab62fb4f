using Cake.Frosting;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

[TaskName("DestroyStaging")]
[TaskDescription("Destroy the staging environment (terragrunt run --all destroy); refuses any other environment; --dry-run plans the destroy.")]
[IsDependentOn(typeof(DestroyStagingGuardTask))]
[IsDependentOn(typeof(PreflightTask))]
[IsDependentOn(typeof(DeployLockTask))]
public sealed class DestroyStagingTask(InfraApplier applier) : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        if (context.DryRun)
        {
            var plan = applier.PlanOnly(context, destroy: true);
            foreach (var unit in plan.Units.Where(u => u.HasChanges))
            {
                context.Summary.Change($"{unit.Unit}: would destroy {unit.Destroys} resource(s)");
            }

            return;
        }

        applier.Destroy(context);
        context.Summary.Change($"destroyed {context.EnvironmentName}");
    }
}
