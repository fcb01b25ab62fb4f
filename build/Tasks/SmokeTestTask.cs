using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using System.Net;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.LocalCloud;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.Smoke;

namespace Deploy.Build.Tasks;

[TaskName("SmokeTest")]
[TaskDescription("Through the edge (local) or CloudFront (AWS): each service answers with the release its revision carries, the page renders and its files answer, an unknown path is 404.")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class SmokeTestTask(IParameterReader parameters) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var outputs = context.Outputs ?? throw new CakeException("no infrastructure outputs");
        var site = context.IsLocal ? context.LocalCloud.EdgeUrl : SmokeChecks.AwsSite(outputs);
        var releases = await ReleasesAsync(context, outputs).ConfigureAwait(false);
        var checks = SmokeChecks.For(context.Config, site, releases);
        var bypass = outputs.SmokeTestHeaderName is { Length: > 0 } header ? $" with the {header} header the web ACL allows" : string.Empty;
        if (context.DryRun)
        {
            foreach (var check in checks)
            {
                context.Log.Information("would check {0}: GET {1} answers {2}{3}", check.Name, check.Url, check.Status, bypass);
            }

            return;
        }

        var access = await AccessAsync(context, outputs).ConfigureAwait(false);
        var failures = await new SmokeTester(access: access).RunAsync(checks, TimeSpan.FromSeconds(context.IsLocal ? 60 : 300), m => context.Log.Information(m)).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw new CakeException($"Smoke test failed: {string.Join("; ", failures)}.");
        }

        context.Summary.Change($"{checks.Count} checks passed through {site}{bypass}"
                               + (access.From is { } from ? $" from {from} (outside the allow list)" : string.Empty));
    }

    /// <summary>
    /// The WAF's bypass for the smoke test where an allow list exists (staging): the token read with the deploy role from
    /// SSM, registered as a secret. Locally the test connects from an address outside the local allow list.
    /// </summary>
    private async Task<SmokeAccess> AccessAsync(DeployContext context, Steps.Infrastructure.InfraOutputs outputs)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (outputs.SmokeTestHeaderName is { Length: > 0 } header)
        {
            if (outputs.SmokeTestTokenParameterName is not { Length: > 0 } parameter)
            {
                throw new CakeException($"the outputs name the smoke test's header {header} but not smoke_test_token_parameter_name, the parameter holding its value");
            }

            var token = await parameters.GetAsync(context.Aws, parameter, context.Cancellation).ConfigureAwait(false);
            context.Secrets.Register(token);
            headers[header] = token;
        }

        return new SmokeAccess(headers, context.IsLocal ? IPAddress.Parse(LocalCloudSettings.SmokeTestSourceAddress) : null);
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
