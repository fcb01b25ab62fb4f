using Cake.Core;
using Cake.Core.Diagnostics;
using Deploy.Build.Host.Summary;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Steps.Notifications;

/// <summary>
/// A run's announcements, from its context: <see cref="BeginAsync"/> when DeployLock has taken the lock (a dry run:
/// looked at it), <see cref="EndAsync"/> at teardown, after the lock is released. Only releases are announced: a deploy
/// (started, then succeeded or failed) and a rollback (rolled back, or failed). Channels: DEPLOY_WEBHOOK_URL, and in
/// GitHub Actions with GITHUB_TOKEN set, GitHub Deployments.
/// </summary>
public sealed class DeployNotifications(HttpMessageHandler? handler = null, NotifyLimits? limits = null) : IDisposable
{
    private DeployNotifier? _notifier;

    public async Task BeginAsync(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!(ReleaseTargets.IsDeploy(context.TargetName) || ReleaseTargets.IsRollback(context.TargetName)))
        {
            return;
        }

        _notifier = Create(context);
        if (_notifier is not null && ReleaseTargets.IsDeploy(context.TargetName))
        {
            await _notifier.NotifyAsync(Notice(context, DeployEvent.Started), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The end of a run that began: never cancelled by a stop signal (the failure is worth telling), bounded by the limits.</summary>
    public async Task EndAsync(DeployContext context, bool successful)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Interlocked.Exchange(ref _notifier, null) is not { } notifier)
        {
            return;
        }

        using (notifier)
        {
            var e = !successful ? DeployEvent.Failed : ReleaseTargets.IsRollback(context.TargetName) ? DeployEvent.RolledBack : DeployEvent.Succeeded;
            await notifier.NotifyAsync(Notice(context, e, successful ? null : FailureReason(context)), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The run's channels, or none when nothing is configured.</summary>
    private DeployNotifier? Create(DeployContext context)
    {
        Uri? webhook = null;
        try
        {
            webhook = context.Options.WebhookUri();
        }
        catch (DeployInputException ex)
        {
            context.Log.Warning("{0}; no webhook notifications", ex.Message);
        }

        var settings = new NotificationSettings(webhook, GitHubTarget(context), context.DryRun, limits ?? NotifyLimits.Default);
        return settings.Any ? new DeployNotifier(settings, m => context.Log.Information("{0}", m), m => context.Log.Warning("{0}", m), handler) : null;
    }

    /// <summary>GitHub Deployments in Actions when the workflow passes its token (GITHUB_TOKEN) with <c>deployments: write</c>.</summary>
    private static GitHubDeploymentTarget? GitHubTarget(DeployContext context)
    {
        string? Env(string name) => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        if (context.GitHubActions != "true" || Env(EnvVars.GitHubToken) is not { } token || Env(EnvVars.GitHubRepository) is not { } repository)
        {
            return null;
        }

        context.Secrets.Register(token);
        var sha = Env(EnvVars.GitHubSha) ?? context.ReleaseSource?.Sha;
        var api = Uri.TryCreate(Env(EnvVars.GitHubApiUrl) ?? "https://api.github.com", UriKind.Absolute, out var url) ? url : null;
        return sha is null || api is null ? null : new GitHubDeploymentTarget(api, repository, token, sha);
    }

    private static DeployNotice Notice(DeployContext context, DeployEvent e, string? reason = null)
    {
        string? Env(string name) => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var run = Env(EnvVars.GitHubServerUrl) is { } server && Env(EnvVars.GitHubRepository) is { } repository && Env(EnvVars.GitHubRunId) is { } id
            ? new Uri($"{server.TrimEnd('/')}/{repository}/actions/runs/{id}")
            : null;
        var site = !context.IsLocal && context.Outputs?.CloudFrontDomainName is { Length: > 0 } domain ? new Uri($"https://{domain}") : null;
        return new DeployNotice(
            e,
            context.EnvironmentName,
            context.TargetName ?? "unknown",
            // A rollback names the release it put back (once ChooseRelease found it).
            context.RollbackTo is { } restored ? $"{restored.Release} ({restored.RunId})" : context.ReleaseVersion ?? "unknown",
            context.Secrets.Redact(DeployStateLocation.Owner()),
            context.ReleaseSource?.Sha,
            e == DeployEvent.Started ? null : DateTimeOffset.UtcNow - context.StartedAt,
            reason is null ? null : context.Secrets.Redact(reason),
            run,
            site);
    }

    /// <summary>Why the run failed, in one line: the stop signal, or the first failed task and its error.</summary>
    public static string? FailureReason(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.StopReason() is { } signal)
        {
            return $"stopped by {signal}";
        }

        var failed = context.Summary.Tasks.FirstOrDefault(t => t.Outcome == TaskOutcome.Failed);
        if (failed is null)
        {
            return null;
        }

        var line = $"{failed.Name}: {failed.Error ?? "failed"}".Split('\n')[0].Trim();
        return line.Length <= 300 ? line : line[..299] + "…";
    }

    public void Dispose() => _notifier?.Dispose();
}
