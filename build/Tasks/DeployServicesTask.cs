using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("DeployServices")]
[TaskDescription("Roll each ECS service onto its pushed image: new task definition revision (image only), update, wait until stable.")]
[IsDependentOn(typeof(MigrateDbTask))]
public sealed class DeployServicesTask(IEcsSessionFactory sessions) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var timeout = RolloutTimeouts.Service(context);
        // Needs: every service's ECS names and pushed image, all checked before anything changes.
        var outputs = EcsTargets.RequireOutputs(context.Outputs);
        var services = context.Config.Services
            .Select(s => (Target: EcsTargets.For(s, outputs), Image: EcsTargets.Pushed(context.PushedImages, s.Image, context.DryRun), Config: s))
            .ToList();
        void Log(string line) => context.Log.Information("{0}", line);

        using var session = sessions.Open(context, Log);
        var rollout = session.Rollout;

        // Decides: per service, unchanged / reuse / register (read-only).
        var plans = new List<RolloutPlan>();
        foreach (var (target, image, config) in services)
        {
            if (image is null)
            {
                var line = $"{target.Name}: would move {target.ServiceName} to the {config.Image} image pushed by this run";
                Log(line);
                context.Summary.Change(line);
                continue;
            }

            var plan = await rollout.PlanAsync(target, image.ByDigest, context.Cancellation).ConfigureAwait(false);
            Log(plan.Describe());
            plans.Add(plan);
        }

        if (context.DryRun)
        {
            plans.ForEach(p => context.Summary.Change(p.Describe()));
            return;
        }

        // Changes: one service at a time; the first failed rollout fails the deploy.
        foreach (var plan in plans)
        {
            RolloutReport.Record(context, await rollout.ApplyAsync(plan, timeout, context.Cancellation).ConfigureAwait(false));
            context.ServiceCounts[plan.Service.Name] = plan.Current.DesiredCount;
        }

        // Locally the edge serves what the control plane now says (an apply may have changed routes with no target moving).
        await session.Platform.SyncRoutingAsync(context.Cancellation).ConfigureAwait(false);
    }
}
