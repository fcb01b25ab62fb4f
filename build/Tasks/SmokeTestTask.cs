using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Smoke;

namespace Deploy.Build.Tasks;

[TaskName("SmokeTest")]
[TaskDescription("GET each service's health and the web index.html (locally on the data plane, on AWS through CloudFront).")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class SmokeTestTask : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var checks = context.IsLocal
            ? SmokeChecks.Local(context.Config, new LocalServiceState(context.LocalCloud.StateDirectory))
            : SmokeChecks.Aws(context.Config, context.Outputs ?? throw new CakeException("no infrastructure outputs"));
        if (context.DryRun)
        {
            foreach (var check in checks)
            {
                context.Log.Information("would check {0}: GET {1}", check.Name, check.Url);
            }

            return;
        }

        var failures = await new SmokeTester().RunAsync(checks, TimeSpan.FromSeconds(context.IsLocal ? 60 : 300), m => context.Log.Information(m)).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            throw new CakeException($"Smoke test failed: {string.Join("; ", failures)}.");
        }

        context.Summary.Change($"{checks.Count} checks answered 200");
    }
}
