using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.Smoke;

namespace Deploy.Build.Tasks;

[TaskName("SmokeTest")]
[TaskDescription("Through the edge (local) or CloudFront (AWS): each service answers with the release its revision carries, the page renders and its files answer, an unknown path is 404.")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class SmokeTestTask : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var outputs = context.Outputs ?? throw new CakeException("no infrastructure outputs");
        var site = context.IsLocal ? context.LocalCloud.EdgeUrl : SmokeChecks.AwsSite(outputs);
        var releases = await ReleasesAsync(context, outputs).ConfigureAwait(false);
        var checks = SmokeChecks.For(context.Config, site, releases);
        if (context.DryRun)
        {
            foreach (var check in checks)
            {
                context.Log.Information("would check {0}: GET {1} answers {2}", check.Name, check.Url, check.Status);
            }

            return;
        }

        var failures = await new SmokeTester().RunAsync(checks, TimeSpan.FromSeconds(context.IsLocal ? 60 : 300), m => context.Log.Information(m)).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw new CakeException($"Smoke test failed: {string.Join("; ", failures)}.");
        }

        context.Summary.Change($"{checks.Count} checks passed through {site}");
    }

    /// <summary>The release each service's running revision was registered for (APP_VERSION), read from ECS.</summary>
    private static async Task<Dictionary<string, string?>> ReleasesAsync(DeployContext context, Steps.Infrastructure.InfraOutputs outputs)
    {
        var releases = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var ecs = new EcsClient(context.Aws);
        foreach (var service in context.Config.Services)
        {
            var target = EcsTargets.For(service, outputs);
            var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(target.Cluster, [target.ServiceName]), context.Cancellation).ConfigureAwait(false);
            if (described.Services is { Count: > 0 } found && found[0].TaskDefinition is { } arn)
            {
                var definition = await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(arn), context.Cancellation).ConfigureAwait(false);
                releases[service.Name] = definition.TaskDefinition is { } td ? TaskDefinitionRenderer.ReleaseOf(td, target.ContainerName) : null;
            }
        }

        return releases;
    }
}
