using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Host.Summary;
using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build;

/// <summary>Announces the run and prints the summary at the end, also as the GitHub job summary.</summary>
public sealed class DeployLifetime : FrostingLifetime<DeployContext>
{
    public override void Setup(DeployContext context, ISetupContext info)
    {
        context.TargetName = info.TargetTask.Name;
        context.Log.Information(
            "Target {0} on environment '{1}'{2}",
            info.TargetTask.Name,
            context.EnvironmentName,
            context.DryRun ? " (dry run: nothing will be changed)" : string.Empty);
    }

    public override void Teardown(DeployContext context, ITeardownContext info)
    {
        var lockProblem = RunCompletion.FinishAsync(context, info.Successful, context.StopReason()).GetAwaiter().GetResult();
        if (lockProblem is not null)
        {
            context.Log.Warning(lockProblem);
        }

        if (context.Summary.Tasks.All(t => t.Name == "Default"))
        {
            return;
        }

        if (Aws.AwsRetry.RetriesSoFar > 0)
        {
            context.Log.Information("Retried {0} AWS/registry call(s) after transient failures.", Aws.AwsRetry.RetriesSoFar);
        }

        var header = $"{(context.DryRun ? "Dry run" : "Run")} on '{context.EnvironmentName}'"
                     + (context.ReleaseVersion is null ? string.Empty : $", release {context.ReleaseVersion}")
                     + (info.Successful ? string.Empty : " FAILED");
        context.Log.Information(SummaryRenderer.Text(context.Summary, header).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

        var stepSummary = context.Environment.GetEnvironmentVariable(EnvVars.GitHubStepSummary);
        if (!string.IsNullOrEmpty(stepSummary))
        {
            File.AppendAllText(stepSummary, context.Secrets.Redact(SummaryRenderer.Markdown(context.Summary, header)) + Environment.NewLine);
        }
    }
}

/// <summary>Times each task and records its outcome in the run summary.</summary>
public sealed class DeployTaskLifetime : FrostingTaskLifetime<DeployContext>
{
    public override void Setup(DeployContext context, ITaskSetupContext info)
    {
        context.Summary.Begin(info.Task.Name);
        // After SIGTERM no further task starts; the run fails here and its teardown releases the lock.
        if (context.Cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException($"stopped by {context.StopReason() ?? "request"} before {info.Task.Name}", context.Cancellation);
        }
    }

    public override void Teardown(DeployContext context, ITaskTeardownContext info) =>
        context.Summary.End(
            info.Duration,
            info.Skipped ? TaskOutcome.Skipped : info.Successful ? TaskOutcome.Succeeded : TaskOutcome.Failed,
            info.ThrownException?.Message);
}
