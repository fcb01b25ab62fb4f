using System.Text.Json.Nodes;

namespace Deploy.Build.Steps.Notifications;

/// <summary>Where and as whom GitHub Deployments are recorded: GITHUB_API_URL, GITHUB_REPOSITORY (owner/name), GITHUB_TOKEN, GITHUB_SHA.</summary>
public sealed record GitHubDeploymentTarget(Uri ApiUrl, string Repository, string Token, string Sha)
{
    public Uri Deployments => new($"{ApiUrl.AbsoluteUri.TrimEnd('/')}/repos/{Repository}/deployments");

    public Uri Statuses(long deploymentId) => new($"{Deployments.AbsoluteUri}/{deploymentId}/statuses");

    /// <summary>The environment's newest deployment (the one a rollback undoes).</summary>
    public Uri Latest(string environment) => new($"{Deployments.AbsoluteUri}?environment={Uri.EscapeDataString(environment)}&per_page=1");

    /// <summary>The headers GitHub's REST API asks for (its media type, version, a user agent) and the token.</summary>
    public IReadOnlyDictionary<string, string> Headers => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Accept"] = "application/vnd.github+json",
        ["Authorization"] = $"Bearer {Token}",
        ["X-GitHub-Api-Version"] = "2022-11-28",
        ["User-Agent"] = "deploy-pipeline",
    };
}

/// <summary>
/// The request bodies of GitHub's Deployments API (POST /repos/{owner}/{repo}/deployments, then POST
/// .../deployments/{id}/statuses): a deployment of the commit when a deploy starts, a status for each later event.
/// </summary>
public static class GitHubDeployments
{
    /// <summary>The status state of an event: in_progress, success, failure; a rollback makes the deployment it undid inactive.</summary>
    public static string State(DeployEvent e) => e switch
    {
        DeployEvent.Started => "in_progress",
        DeployEvent.Succeeded => "success",
        DeployEvent.RolledBack => "inactive",
        _ => "failure",
    };

    /// <summary>
    /// The deployment: ref = the commit, never auto-merged; required_contexts empty, because this job's own checks are
    /// still running on that commit; production_environment for production, so GitHub never marks it inactive on its own.
    /// </summary>
    public static string CreateBody(DeployNotice notice, string sha)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new JsonObject
        {
            ["ref"] = sha,
            ["task"] = "deploy",
            ["auto_merge"] = false,
            ["required_contexts"] = new JsonArray(),
            ["environment"] = notice.Environment,
            ["description"] = Limit($"{notice.Target} release {notice.Release} by {notice.Who}"),
            ["production_environment"] = notice.Environment == "production",
            ["transient_environment"] = false,
            ["payload"] = new JsonObject { ["release"] = notice.Release, ["target"] = notice.Target },
        }.ToJsonString(WebhookMessage.JsonOptions);
    }

    /// <summary>A status: state, description (GitHub keeps at most 140 characters), environment, environment_url and log_url (the run).</summary>
    public static string StatusBody(DeployNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var body = new JsonObject
        {
            ["state"] = State(notice.Event),
            ["description"] = Limit(notice.Event switch
            {
                DeployEvent.Started => $"deploying release {notice.Release}",
                DeployEvent.Succeeded => $"release {notice.Release} deployed",
                DeployEvent.RolledBack => $"rolled back by {notice.Who}",
                _ => $"failed: {notice.Reason ?? "see the run"}",
            }),
            ["environment"] = notice.Environment,
        };
        if (notice.EnvironmentUrl is not null)
        {
            body["environment_url"] = notice.EnvironmentUrl.AbsoluteUri;
        }

        if (notice.RunUrl is not null)
        {
            body["log_url"] = notice.RunUrl.AbsoluteUri;
        }

        return body.ToJsonString(WebhookMessage.JsonOptions);
    }

    /// <summary>The id of a created deployment (201; a 202 "merged" answer has none), or of the first in a list.</summary>
    public static long? IdOf(string responseBody)
    {
        var node = JsonNode.Parse(string.IsNullOrWhiteSpace(responseBody) ? "null" : responseBody);
        var deployment = node is JsonArray list ? list.FirstOrDefault() : node;
        return deployment is JsonObject o && o["id"] is JsonValue id && id.TryGetValue<long>(out var value) ? value : null;
    }

    private static string Limit(string text) => text.Length <= 140 ? text : text[..139] + "…";
}
