using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tasks;

[TaskName("LocalStatus")]
[TaskDescription("Show the local cloud's services: PID, port, health and log file.")]
public sealed class LocalStatusTask(LocalCloudFactory factory) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var cloud = factory.Create(context.LocalCloud);
        var rows = await cloud.StatusAsync().ConfigureAwait(false);
        foreach (var line in LocalStatusTable.Render(rows))
        {
            context.Log.Information("{0}", line);
        }

        var docker = await factory.Docker().ProblemAsync().ConfigureAwait(false);
        context.Log.Information("docker: {0}", docker ?? "running");
        context.Log.Information("state: {0}", context.LocalCloud.StateDirectory);
    }
}
