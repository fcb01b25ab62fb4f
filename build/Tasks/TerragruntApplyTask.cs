using Cake.Frosting;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

[TaskName("TerragruntApply")]
[TaskDescription("Plan the infrastructure (per-unit +add ~change -destroy), refuse stateful destroys without --allow-destroy, apply only when there are changes, read the outputs.")]
[IsDependentOn(typeof(DeployLockTask))]
public sealed class TerragruntApplyTask(InfraApplier applier) : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        // Needs: the environment's iacDir and runner. Decides and changes: InfraApplier (plan, guard, apply or not).
        var plan = applier.PlanAndApply(context);
        context.InfraPlanPending = context.DryRun && plan.HasChanges;
        context.InfraIdentity = context.InfraPlanPending ? null : applier.StateIdentity(context);

        // Reports: the outputs every later task reads (never hand-written config).
        context.Outputs = applier.ReadOutputs(context);
    }
}
