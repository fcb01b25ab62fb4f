using Cake.Common;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tasks;

[TaskName("LocalDown")]
[TaskDescription("Stop the local cloud's processes (data kept; --reset also deletes the state folder).")]
public sealed class LocalDownTask(LocalCloudFactory factory) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var reset = context.Argument(Arguments.Reset, false);
        var cloud = factory.Create(context.LocalCloud, line => context.Log.Information("{0}", line));
        foreach (var outcome in await cloud.DownAsync(context.DryRun, reset).ConfigureAwait(false))
        {
            context.Log.Information("{0}", outcome.Line);
            if (outcome.Action != ServiceAction.NotRunning)
            {
                context.Summary.Change(outcome.Line);
            }
        }

        if (reset)
        {
            var line = (context.DryRun ? "would delete " : "deleted ") + context.LocalCloud.StateDirectory;
            if (context.DryRun)
            {
                context.Log.Information("{0}", line);
            }

            context.Summary.Change(line);
        }
    }
}
