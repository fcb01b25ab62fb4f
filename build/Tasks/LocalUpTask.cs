using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tasks;

[TaskName("LocalUp")]
[TaskDescription("Start the local cloud (moto, registry, PostgreSQL on 127.0.0.1) unless it is already up; Setup first (Docker engine, packages, provider mirror).")]
[IsDependentOn(typeof(SetupTask))]
public sealed class LocalUpTask(LocalCloudFactory factory) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var settings = context.LocalCloud;
        var docker = factory.Docker();
        if (await docker.ProblemAsync().ConfigureAwait(false) is { } problem)
        {
            throw new LocalCloudException(problem);
        }

        var cloud = factory.Create(settings, line => context.Log.Information("{0}", line));
        foreach (var outcome in await cloud.UpAsync(context.DryRun).ConfigureAwait(false))
        {
            context.Log.Information("{0}", outcome.Line);
            if (outcome.Action != ServiceAction.AlreadyRunning)
            {
                context.Summary.Change(outcome.Line);
            }
        }

        if (!context.DryRun && await docker.EnsureExampleBaseImageAsync(context.RepositoryRoot).ConfigureAwait(false) is { } baseImage)
        {
            context.Log.Information("Base image {0} ready", baseImage);
        }

        context.Log.Information("Local cloud state in {0} (logs in {1})", settings.StateDirectory, settings.LogDirectory);
    }
}
