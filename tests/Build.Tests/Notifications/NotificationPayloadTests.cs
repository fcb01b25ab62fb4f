using System.Text.Json.Nodes;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Notifications;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Notifications;

/// <summary>What each event says: the webhook's Slack-compatible message and GitHub's deployment and status bodies.</summary>
public sealed class NotificationPayloadTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static DeployNotice Notice(DeployEvent e, string target = "DeployStaging", string? reason = null) =>
        new(e, "staging", target, "0123456789ab", "octocat", Sha,
            e == DeployEvent.Started ? null : TimeSpan.FromSeconds(252), reason,
            new Uri("https://github.com/example/deploy-pipeline/actions/runs/42"), new Uri("https://d111.cloudfront.net"));

    [Theory]
    [InlineData(DeployEvent.Started, "DeployStaging", ":rocket: Deploy of *staging* started: release `0123456789ab` (DeployStaging) by octocat")]
    [InlineData(DeployEvent.Succeeded, "DeployStaging", ":white_check_mark: Deploy of *staging* succeeded: release `0123456789ab` in 4m 12s")]
    [InlineData(DeployEvent.Failed, "DeployStaging", ":x: Deploy of *staging* FAILED: release `0123456789ab` after 4m 12s: DeployServices: api &lt;rolled back&gt;")]
    [InlineData(DeployEvent.RolledBack, "Rollback", ":rewind: *staging* rolled back to release `0123456789ab` by octocat in 4m 12s")]
    [InlineData(DeployEvent.Failed, "Rollback", ":x: Rollback of *staging* FAILED: release `0123456789ab` after 4m 12s: DeployServices: api &lt;rolled back&gt;")]
    public void Each_event_has_its_one_line_text(DeployEvent e, string target, string expected) =>
        Assert.Equal(expected, WebhookMessage.Text(Notice(e, target, "DeployServices: api <rolled back>")));

    [Fact]
    public void The_webhook_message_is_text_plus_a_section_and_a_context_line_with_links()
    {
        var json = JsonNode.Parse(WebhookMessage.Json(Notice(DeployEvent.Succeeded)))!.AsObject();

        var text = json["text"]!.GetValue<string>();
        Assert.StartsWith(":white_check_mark: Deploy of *staging* succeeded", text, StringComparison.Ordinal);
        var blocks = json["blocks"]!.AsArray();
        Assert.Equal("section", blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("mrkdwn", blocks[0]!["text"]!["type"]!.GetValue<string>());
        Assert.Equal(text, blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("context", blocks[1]!["type"]!.GetValue<string>());
        Assert.Equal(
            ["DeployStaging · release `0123456789ab`", "commit `0123456789ab`", "<https://github.com/example/deploy-pipeline/actions/runs/42|run>", "<https://d111.cloudfront.net/|d111.cloudfront.net>"],
            blocks[1]!["elements"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void A_failure_does_not_link_the_environment()
    {
        var json = WebhookMessage.Json(Notice(DeployEvent.Failed, reason: "SmokeTest: web 502"));

        Assert.DoesNotContain("cloudfront", json, StringComparison.Ordinal);
        Assert.Contains("SmokeTest: web 502", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_is_of_the_commit_never_merged_nor_waiting_for_this_runs_own_checks()
    {
        var body = JsonNode.Parse(GitHubDeployments.CreateBody(Notice(DeployEvent.Started), Sha))!.AsObject();

        Assert.Equal(Sha, body["ref"]!.GetValue<string>());
        Assert.Equal("deploy", body["task"]!.GetValue<string>());
        Assert.False(body["auto_merge"]!.GetValue<bool>());
        Assert.Empty(body["required_contexts"]!.AsArray());
        Assert.Equal("staging", body["environment"]!.GetValue<string>());
        Assert.False(body["production_environment"]!.GetValue<bool>());
        Assert.False(body["transient_environment"]!.GetValue<bool>());
        Assert.Equal("0123456789ab", body["payload"]!["release"]!.GetValue<string>());
        Assert.Equal("DeployStaging release 0123456789ab by octocat", body["description"]!.GetValue<string>());

        var production = Notice(DeployEvent.Started) with { Environment = "production", Target = "DeployProduction" };
        Assert.True(JsonNode.Parse(GitHubDeployments.CreateBody(production, Sha))!["production_environment"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(DeployEvent.Started, "in_progress", "deploying release 0123456789ab")]
    [InlineData(DeployEvent.Succeeded, "success", "release 0123456789ab deployed")]
    [InlineData(DeployEvent.Failed, "failure", "failed: MigrateDb: exit 1")]
    [InlineData(DeployEvent.RolledBack, "inactive", "rolled back by octocat")]
    public void Each_event_is_a_status_with_the_environment_and_the_runs_log(DeployEvent e, string state, string description)
    {
        var body = JsonNode.Parse(GitHubDeployments.StatusBody(Notice(e, reason: "MigrateDb: exit 1")))!.AsObject();

        Assert.Equal(state, body["state"]!.GetValue<string>());
        Assert.Equal(description, body["description"]!.GetValue<string>());
        Assert.Equal("staging", body["environment"]!.GetValue<string>());
        Assert.Equal("https://d111.cloudfront.net/", body["environment_url"]!.GetValue<string>());
        Assert.Equal("https://github.com/example/deploy-pipeline/actions/runs/42", body["log_url"]!.GetValue<string>());
    }

    [Fact]
    public void A_status_description_keeps_to_githubs_140_characters_and_omits_unknown_urls()
    {
        var notice = Notice(DeployEvent.Failed, reason: new string('x', 300)) with { EnvironmentUrl = null, RunUrl = null };

        var body = JsonNode.Parse(GitHubDeployments.StatusBody(notice))!.AsObject();

        Assert.Equal(140, body["description"]!.GetValue<string>().Length);
        Assert.False(body.ContainsKey("environment_url"));
        Assert.False(body.ContainsKey("log_url"));
    }

    [Theory]
    [InlineData("""{"id": 42, "sha": "abc"}""", 42L)]
    [InlineData("""[{"id": 7}, {"id": 6}]""", 7L)]
    [InlineData("""{"message": "Auto-merged main into topic-branch on deployment."}""", null)]
    [InlineData("[]", null)]
    [InlineData("", null)]
    public void The_deployment_id_is_read_from_a_created_deployment_or_a_list(string body, long? id) =>
        Assert.Equal(id, GitHubDeployments.IdOf(body));

    [Fact]
    public void Urls_follow_the_rest_api_paths()
    {
        var target = new GitHubDeploymentTarget(new Uri("https://ghe.example.com/api/v3"), "example/deploy-pipeline", "token", Sha);

        Assert.Equal("https://ghe.example.com/api/v3/repos/example/deploy-pipeline/deployments", target.Deployments.AbsoluteUri);
        Assert.Equal("https://ghe.example.com/api/v3/repos/example/deploy-pipeline/deployments/42/statuses", target.Statuses(42).AbsoluteUri);
        Assert.Equal("https://ghe.example.com/api/v3/repos/example/deploy-pipeline/deployments?environment=staging&per_page=1", target.Latest("staging").AbsoluteUri);
        Assert.Equal("Bearer token", target.Headers["Authorization"]);
        Assert.Equal("application/vnd.github+json", target.Headers["Accept"]);
        Assert.Equal("2022-11-28", target.Headers["X-GitHub-Api-Version"]);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://hooks.slack.com/services/T0/B0/secret", true)]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("hooks.slack.com/services/T0/B0/secret", false)]
    [InlineData("ftp://example.com/hook", false)]
    public void The_webhook_url_must_be_absolute_http_and_its_error_never_repeats_it(string? value, bool valid)
    {
        if (valid)
        {
            Assert.Equal(value, RunOptions.WebhookUri(value)?.OriginalString);
            return;
        }

        var ex = Assert.Throws<DeployInputException>(() => RunOptions.WebhookUri(value));
        Assert.Equal("DEPLOY_WEBHOOK_URL must be an absolute https:// (or http://) URL", ex.Message);
    }
}
