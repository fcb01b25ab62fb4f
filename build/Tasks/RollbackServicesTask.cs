using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("RollbackServices")]
[TaskDescription("Rollback: put each ECS service back on the task definition the chosen release ran (a release from before release records: the previous revision) and wait until stable.")]
[IsDependentOn(typeof(ChooseReleaseTask))]
public sealed class RollbackServicesTask(IEcsSessionFactory sessions) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var timeout = RolloutTimeouts.Service(context);
        var targets = EcsTargets.All(context.Config, EcsTargets.RequireOutputs(context.Outputs));
        var release = context.RollbackTo;
        void Log(string line) => context.Log.Information("{0}", line);

        // Decides every service first (read-only): a revision that cannot be run refuses the rollback before anything moves.
        using var session = sessions.Open(context, Log);
        var plans = new List<RollbackPlan>();
        foreach (var target in targets)
        {
            var plan = release?.TaskDefinitions is { Count: > 0 } recorded
                ? await session.Rollout.PlanRollbackToAsync(target, recorded.GetValueOrDefault(target.Name), release.RunId, context.Cancellation).ConfigureAwait(false)
                : await session.Rollout.PlanRollbackAsync(target, context.Cancellation).ConfigureAwait(false);
            Log(plan.Describe());
            plans.Add(plan);
        }

        var refused = plans.Where(p => p.Target is null).Select(p => p.Describe()).ToList();
        if (refused.Count > 0)
        {
            throw new DeployInputException(string.Join("; ", refused) + "; nothing was changed");
        }

        if (context.DryRun)
        {
            plans.ForEach(p => context.Summary.Change(p.Describe()));
            return;
        }

        foreach (var plan in plans)
        {
            RolloutReport.Record(context, await session.Rollout.ApplyRollbackAsync(plan, timeout, context.Cancellation).ConfigureAwait(false));
            context.ServiceCounts[plan.Service.Name] = plan.DesiredCount;
        }

        await session.Platform.SyncRoutingAsync(context.Cancellation).ConfigureAwait(false);
    }
}
