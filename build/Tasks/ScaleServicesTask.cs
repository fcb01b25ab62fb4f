using System.Globalization;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("ScaleServices")]
[TaskDescription("Set the desired task count of every ECS service (--count=N) and wait until that many run.")]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class ScaleServicesTask(IEcsSessionFactory sessions) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var timeout = RolloutTimeouts.Service(context);
        var count = context.Options.ScaleCount();
        var targets = EcsTargets.All(context.Config, EcsTargets.RequireOutputs(context.Outputs));
        void Log(string line) => context.Log.Information("{0}", line);

        using var session = sessions.Open(context, Log);
        foreach (var target in targets)
        {
            var current = await session.Rollout.DescribeAsync(target).ConfigureAwait(false);
            if (context.DryRun)
            {
                var line = $"{target.Name}: would scale {target.ServiceName} from {current.DesiredCount} to {count} task(s)";
                Log(line);
                context.Summary.Change(line);
                continue;
            }

            var result = await session.Platform.ScaleServiceAsync(target, count, timeout).ConfigureAwait(false);
            var summary = $"{target.Name}: {current.DesiredCount} -> {count} task(s), {(result.Stable ? "stable" : "FAILED: " + result.Reason)} " +
                          $"in {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
            Log(summary);
            if (!result.Stable)
            {
                throw new DeployInputException(summary);
            }

            context.Summary.Change(summary);
        }
    }
}
