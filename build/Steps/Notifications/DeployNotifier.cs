namespace Deploy.Build.Steps.Notifications;

/// <summary>Where a run's announcements go: an incoming webhook (a secret URL), GitHub Deployments, both or neither.</summary>
public sealed record NotificationSettings(Uri? Webhook, GitHubDeploymentTarget? GitHub, bool DryRun, NotifyLimits Limits)
{
    public bool Any => Webhook is not null || GitHub is not null;
}

/// <summary>
/// Announces a run's events on every configured channel at once. Never throws: a channel that fails (refused, 5xx
/// after the retry, no answer within <see cref="NotifyLimits.Budget"/>) is one warning line, and the run goes on.
/// In a dry run it sends nothing and prints what it would send. One instance per run: it keeps the GitHub deployment
/// it created, for the statuses that follow.
/// </summary>
public sealed class DeployNotifier(NotificationSettings settings, Action<string> info, Action<string> warn, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly NotificationHttp _http = new(settings.Limits, handler);
    private long? _deploymentId;

    public async Task NotifyAsync(DeployNotice notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (settings.DryRun)
        {
            DescribeDryRun(notice);
            return;
        }

        var sends = new List<(string Channel, Func<CancellationToken, Task> Send)>();
        if (settings.Webhook is { } webhook)
        {
            sends.Add(("webhook", t => _http.SendAsync(HttpMethod.Post, webhook, WebhookMessage.Json(notice), null, t)));
        }

        if (settings.GitHub is { } github)
        {
            sends.Add(("GitHub deployment", t => GitHubAsync(github, notice, t)));
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(settings.Limits.Budget);
        await Task.WhenAll(sends.Select(s => GuardedAsync(s.Channel, notice.Event, s.Send, budget.Token))).ConfigureAwait(false);
    }

    private async Task GuardedAsync(string channel, DeployEvent e, Func<CancellationToken, Task> send, CancellationToken ct)
    {
        try
        {
            await send(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var why = ex is OperationCanceledException ? "no answer in time" : ex.Message.Split('\n')[0];
            warn($"notification not sent ({channel}, {Name(e)}): {why}");
        }
    }

    private async Task GitHubAsync(GitHubDeploymentTarget github, DeployNotice notice, CancellationToken ct)
    {
        switch (notice.Event)
        {
            case DeployEvent.Started:
                var created = await _http.SendAsync(HttpMethod.Post, github.Deployments, GitHubDeployments.CreateBody(notice, github.Sha), github.Headers, ct).ConfigureAwait(false);
                _deploymentId = GitHubDeployments.IdOf(created)
                                ?? throw new InvalidOperationException("GitHub answered without a deployment id");
                break;
            case DeployEvent.RolledBack:
                // The deployment the rollback undid: the environment's newest.
                var latest = await _http.SendAsync(HttpMethod.Get, github.Latest(notice.Environment), null, github.Headers, ct).ConfigureAwait(false);
                _deploymentId = GitHubDeployments.IdOf(latest);
                break;
        }

        // No deployment (its creation failed, already reported; or none to roll back): no status either.
        if (_deploymentId is { } id)
        {
            await _http.SendAsync(HttpMethod.Post, github.Statuses(id), GitHubDeployments.StatusBody(notice), github.Headers, ct).ConfigureAwait(false);
        }
    }

    private void DescribeDryRun(DeployNotice notice)
    {
        if (settings.Webhook is not null)
        {
            info($"would notify the webhook ({EnvVars.DeployWebhookUrl}): {WebhookMessage.Json(notice)}");
        }

        if (settings.GitHub is { } github)
        {
            var id = notice.Event == DeployEvent.Started ? "<new>" : notice.Event == DeployEvent.RolledBack ? "<latest>" : "<this run's>";
            if (notice.Event == DeployEvent.Started)
            {
                info($"would POST {github.Deployments} {GitHubDeployments.CreateBody(notice, github.Sha)}");
            }

            info($"would POST {github.Deployments}/{id}/statuses {GitHubDeployments.StatusBody(notice)}");
        }
    }

    private static string Name(DeployEvent e) => e switch
    {
        DeployEvent.Started => "started",
        DeployEvent.Succeeded => "succeeded",
        DeployEvent.RolledBack => "rolled back",
        _ => "failed",
    };

    public void Dispose() => _http.Dispose();
}
