using Cake.Frosting;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

[TaskName("PlanInfra")]
[TaskDescription("Plan the environment's infrastructure and print the per-unit summary; changes nothing.")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class PlanInfraTask(InfraApplier applier) : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var plan = applier.PlanOnly(context, destroy: false);
        foreach (var unit in plan.Units)
        {
            context.Summary.Change(unit.HasChanges ? $"{unit.Unit}: {unit.Counts} (has changes)" : $"{unit.Unit}: no changes");
        }

        foreach (var refused in DestroyGuard.Violations(plan.Units))
        {
            context.Summary.Change($"would be refused without --{Arguments.AllowDestroy}: {refused}");
        }
    }
}
