using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Host.Summary;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Notifications;
using Deploy.Build.Steps.Releases;

namespace Deploy.Build;

/// <summary>Announces the run and prints the summary at the end (with the environment's DORA metrics after a release), also as the GitHub job summary.</summary>
public sealed class DeployLifetime(IDeployStateStores stores, DeployNotifications notifications) : FrostingLifetime<DeployContext>
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

        // After the lock is released: a slow receiver never holds up the next deploy. Bounded; never fails the run.
        notifications.EndAsync(context, info.Successful).GetAwaiter().GetResult();

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
        var metrics = ReleaseMetricsOrNone(context);
        var text = SummaryRenderer.Text(context.Summary, header)
                   + (metrics is null ? string.Empty : Environment.NewLine + DoraReport.Text(metrics, context.EnvironmentName));
        context.Log.Information(text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

        var stepSummary = context.Environment.GetEnvironmentVariable(EnvVars.GitHubStepSummary);
        if (!string.IsNullOrEmpty(stepSummary))
        {
            var markdown = SummaryRenderer.Markdown(context.Summary, header)
                           + (metrics is null ? string.Empty : Environment.NewLine + DoraReport.Markdown(metrics, context.EnvironmentName));
            File.AppendAllText(stepSummary, context.Secrets.Redact(markdown) + Environment.NewLine);
        }
    }

    /// <summary>
    /// After a deploy or rollback that got its deploy lock (a dry run: that looked at it), the environment's DORA
    /// metrics over --since, this run's record included; none when stopped by a signal, and a read failure is one warning.
    /// </summary>
    private DoraMetrics? ReleaseMetricsOrNone(DeployContext context)
    {
        var lockTaken = context.Summary.Tasks.Any(t => t.Name == "DeployLock" && t.Outcome == TaskOutcome.Succeeded);
        if (!lockTaken || context.Cancellation.IsCancellationRequested
            || !(ReleaseTargets.IsDeploy(context.TargetName) || ReleaseTargets.IsRollback(context.TargetName)))
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return ReleaseMetrics.ReadAsync(stores.For(context), context.EnvironmentName, context.Options.MetricsWindow(), DateTimeOffset.UtcNow, timeout.Token)
                .GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is Amazon.S3.AmazonS3Exception or Amazon.Runtime.AmazonClientException or OperationCanceledException
                                       or HttpRequestException or InvalidOperationException or Steps.Services.DeployInputException)
        {
            context.Log.Warning("DORA metrics not shown: {0}", ex.Message.Split('\n')[0]);
            return null;
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
