using Cake.Common;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud;
using Deploy.Build.LocalCloud.DataPlane;

namespace Deploy.Build.Tasks;

[TaskName("LocalDown")]
[TaskDescription("Stop the local cloud's processes (data kept; --reset also deletes the state folder).")]
public sealed class LocalDownTask(LocalCloudFactory factory) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var reset = context.Options.Reset;

        // The data plane's containers first: they use the registry and the database about to stop.
        var removed = ProjectOrNull(context) is { } project
            ? await LocalDataPlaneCleanup.RemoveAsync(project, context.LocalCloud.StateDirectory, context.DryRun).ConfigureAwait(false)
            : [];
        if (removed.Count > 0)
        {
            context.Summary.Change($"{(context.DryRun ? "would remove" : "removed")} containers {string.Join(", ", removed)}");
        }

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

    // LocalDown must work even with a broken deploy.yml: then only the processes are stopped.
    private static string? ProjectOrNull(DeployContext context)
    {
        try
        {
            return context.Config.Project;
        }
        catch (Configuration.ConfigException ex)
        {
            context.Log.Warning("containers not removed (deploy.yml is invalid: {0})", ex.Problems[0]);
            return null;
        }
    }
}
