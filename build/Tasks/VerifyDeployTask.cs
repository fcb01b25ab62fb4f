using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.Verify;

namespace Deploy.Build.Tasks;

[TaskName("VerifyDeploy")]
[TaskDescription("Read-only, also in --dry-run: roles assumable, images present, target groups match container, port and health path, secrets and log groups exist.")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class VerifyDeployTask(IImageRegistry registry, IParameterReader parameters) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var outputs = EcsTargets.RequireOutputs(context.Outputs);
        var aws = context.Aws;
        void Retry(string message) => context.Log.Verbose("verify {0}", message);
        using var ecs = new EcsClient(aws, onRetry: Retry);
        using var elbv2 = new Elbv2Client(aws, onRetry: Retry);
        using var logs = new LogsClient(aws, onRetry: Retry);
        // The roles the rest of the run calls AWS as: the plan role in a dry run; the infra and deploy roles otherwise.
        var roles = (context.DryRun ? [DeployRole.Plan] : new[] { DeployRole.Infra, DeployRole.Deploy })
            .Select(r => (DeployRoles.Kind(r), context.AwsAs(r))).ToList();

        var report = await DeployVerifier.VerifyAsync(
            new VerifyInputs(context.Config, context.EnvironmentName, outputs, context.PushedImages, context.DryRun),
            new VerifyClients(ecs, elbv2, logs, parameters, aws, registry),
            roles, context.Cancellation).ConfigureAwait(false);

        foreach (var line in report.Checked)
        {
            context.Log.Information("  ok   {0}", line);
        }

        foreach (var line in report.Notes)
        {
            context.Log.Information("  note {0}", line);
        }

        if (!report.Passed && context.InfraPlanPending)
        {
            // The plan changes resources the verify read: the deploy applies it first and verifies after that.
            foreach (var line in report.Problems)
            {
                context.Log.Warning("  WARN {0}", line);
            }

            context.Summary.Change($"{report.Checked.Count} checks passed; {report.Problems.Count} problem(s) in the resources as they are now, which the pending infrastructure plan may change (the deploy verifies after applying it)");
            return;
        }

        foreach (var line in report.Problems)
        {
            context.Log.Error("  FAIL {0}", line);
        }

        if (!report.Passed)
        {
            throw new DeployInputException($"verify found {report.Problems.Count} problem(s), nothing was rolled out:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", report.Problems)}");
        }

        context.Summary.Change($"{report.Checked.Count} checks passed");
    }
}
