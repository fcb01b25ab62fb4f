using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("Rollback")]
[TaskDescription("Put each ECS service back on its previous task definition revision and wait until stable (holds the deploy lock; audited).")]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class RollbackTask(IEcsSessionFactory sessions) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var timeout = RolloutTimeouts.Service(context);
        var targets = EcsTargets.All(context.Config, EcsTargets.RequireOutputs(context.Outputs));
        void Log(string line) => context.Log.Information("{0}", line);

        using var session = sessions.Open(context, Log);
        var plans = new List<RollbackPlan>();
        foreach (var target in targets)
        {
            var plan = await session.Rollout.PlanRollbackAsync(target).ConfigureAwait(false);
            Log(plan.Describe());
            plans.Add(plan);
        }

        var missing = plans.Where(p => p.Previous is null).Select(p => p.Describe()).ToList();
        if (missing.Count > 0)
        {
            throw new DeployInputException(string.Join("; ", missing));
        }

        if (context.DryRun)
        {
            plans.ForEach(p => context.Summary.Change(p.Describe()));
            return;
        }

        foreach (var plan in plans)
        {
            RolloutReport.Record(context, await session.Rollout.ApplyRollbackAsync(plan, timeout, context.Cancellation).ConfigureAwait(false));
        }
    }
}
