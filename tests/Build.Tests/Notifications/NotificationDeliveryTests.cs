using System.Diagnostics;
using System.Text.Json.Nodes;
using Deploy.Build.Host.Summary;
using Deploy.Build.Steps.Notifications;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Notifications;

/// <summary>
/// Notifications sent over real HTTP to a receiver on 127.0.0.1: one message per event, GitHub's deployment and
/// statuses in order, and a receiver that fails or never answers costs at most the bound and never throws.
/// Quick (well under 2 s together), so in the default unit run; the trait lets them be picked or left out.
/// </summary>
[Trait("Category", "Loopback")]
public sealed class NotificationDeliveryTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly NotifyLimits Quick = new(TimeSpan.FromMilliseconds(300), 2, TimeSpan.FromMilliseconds(50));

    private readonly List<string> _info = [];
    private readonly List<string> _warnings = [];

    private DeployNotifier Notifier(Uri? webhook, GitHubDeploymentTarget? github = null, bool dryRun = false, NotifyLimits? limits = null) =>
        new(new NotificationSettings(webhook, github, dryRun, limits ?? Quick), _info.Add, m => { lock (_warnings) { _warnings.Add(m); } });

    private static DeployNotice Notice(DeployEvent e, string target = "DeployStaging") =>
        new(e, "staging", target, "0123456789ab", "octocat", Sha, e == DeployEvent.Started ? null : TimeSpan.FromMinutes(3));

    private static GitHubDeploymentTarget GitHub(RecordingReceiver receiver) =>
        new(receiver.Endpoint, "example/app", "ghs_testtoken", Sha);

    [Fact]
    public async Task Each_event_is_one_message_to_the_webhook()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        using var notifier = Notifier(receiver.At("/services/T0/B0/s3cr3t"));

        foreach (var e in new[] { DeployEvent.Started, DeployEvent.Succeeded, DeployEvent.Failed })
        {
            await notifier.NotifyAsync(Notice(e));
        }

        await notifier.NotifyAsync(Notice(DeployEvent.RolledBack, "Rollback"));

        var got = receiver.Requests.ToList();
        Assert.All(got, r => Assert.Equal("POST /services/T0/B0/s3cr3t", $"{r.Method} {r.PathAndQuery}"));
        Assert.All(got, r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));
        string[] expected = [":rocket: Deploy of *staging* started", ":white_check_mark: Deploy of *staging* succeeded", ":x: Deploy of *staging* FAILED", ":rewind: *staging* rolled back"];
        Assert.Equal(expected.Length, got.Count);
        Assert.All(expected.Zip(got), pair => Assert.StartsWith(pair.First, JsonNode.Parse(pair.Second.Body)!["text"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task GitHub_gets_a_deployment_of_the_commit_then_a_status_per_event_and_a_rollback_makes_the_newest_inactive()
    {
        await using var receiver = await RecordingReceiver.StartAsync(r => r switch
        {
            { Method: "POST", PathAndQuery: "/repos/example/app/deployments" } => (201, """{"id": 42}"""),
            { Method: "GET" } => (200, """[{"id": 41}]"""),
            _ => (201, "{}"),
        });

        using (var deploy = Notifier(null, GitHub(receiver)))
        {
            await deploy.NotifyAsync(Notice(DeployEvent.Started));
            await deploy.NotifyAsync(Notice(DeployEvent.Succeeded));
        }

        using (var rollback = Notifier(null, GitHub(receiver)))
        {
            await rollback.NotifyAsync(Notice(DeployEvent.RolledBack, "Rollback"));
        }

        var got = receiver.Requests.ToList();
        Assert.Equal(
            [
                "POST /repos/example/app/deployments",
                "POST /repos/example/app/deployments/42/statuses",
                "POST /repos/example/app/deployments/42/statuses",
                "GET /repos/example/app/deployments?environment=staging&per_page=1",
                "POST /repos/example/app/deployments/41/statuses",
            ],
            got.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.All(got, r => Assert.Equal("Bearer ghs_testtoken", r.Authorization));
        Assert.Equal(Sha, JsonNode.Parse(got[0].Body)!["ref"]!.GetValue<string>());
        Assert.Equal(["in_progress", "success", "inactive"],
            got.Where(r => r.PathAndQuery.EndsWith("/statuses", StringComparison.Ordinal)).Select(r => JsonNode.Parse(r.Body)!["state"]!.GetValue<string>()));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_receiver_answering_500_is_tried_twice_then_is_one_warning_and_the_other_channel_still_gets_its_message()
    {
        await using var failing = await RecordingReceiver.StartAsync(_ => (500, "oops"));
        await using var github = await RecordingReceiver.StartAsync(r => (201, """{"id": 1}"""));
        using var notifier = Notifier(failing.At("/hook/s3cr3t"), GitHub(github));

        await notifier.NotifyAsync(Notice(DeployEvent.Started));

        Assert.Equal(2, failing.Requests.Count);
        Assert.Equal(["notification not sent (webhook, started): 500 Internal Server Error"], _warnings);
        Assert.Equal(2, github.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_is_not_repeated()
    {
        await using var receiver = await RecordingReceiver.StartAsync(_ => (404, "no_service"));
        using var notifier = Notifier(receiver.At("/hook/s3cr3t"));

        await notifier.NotifyAsync(Notice(DeployEvent.Succeeded));

        Assert.Single(receiver.Requests);
        Assert.Equal(["notification not sent (webhook, succeeded): 404 Not Found"], _warnings);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_costs_at_most_the_bound()
    {
        await using var silent = await RecordingReceiver.StartAsync(_ => null);
        using var notifier = Notifier(silent.At("/hook/s3cr3t"), GitHub(silent));

        var clock = Stopwatch.StartNew();
        await notifier.NotifyAsync(Notice(DeployEvent.Started));
        clock.Stop();

        // The bound plus a second of slack for a cold start on a busy machine (the default bound is 10.5 s).
        Assert.InRange(clock.Elapsed, Quick.AttemptTimeout, Quick.Budget + TimeSpan.FromSeconds(1));
        Assert.Equal(
            ["notification not sent (GitHub deployment, started): no answer in time", "notification not sent (webhook, started): no answer in time"],
            _warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nothing_listening_is_one_warning_that_names_no_address()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var closed = receiver.At("/hook/s3cr3t");
        await receiver.DisposeAsync();
        using var notifier = Notifier(closed);

        await notifier.NotifyAsync(Notice(DeployEvent.Failed));

        var warning = Assert.Single(_warnings);
        Assert.StartsWith("notification not sent (webhook, failed): ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_sends_nothing_and_prints_what_it_would_send_but_not_the_webhook_url()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        using var notifier = Notifier(receiver.At("/hook/s3cr3t"), GitHub(receiver), dryRun: true);

        await notifier.NotifyAsync(Notice(DeployEvent.Started));
        await notifier.NotifyAsync(Notice(DeployEvent.Succeeded));

        Assert.Empty(receiver.Requests);
        Assert.DoesNotContain(_info, l => l.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.StartsWith("would notify the webhook (DEPLOY_WEBHOOK_URL): {\"text\":\":rocket: Deploy of *staging* started", _info[0], StringComparison.Ordinal);
        Assert.StartsWith($"would POST {receiver.Endpoint}repos/example/app/deployments {{\"ref\":\"{Sha}\"", _info[1], StringComparison.Ordinal);
        Assert.StartsWith($"would POST {receiver.Endpoint}repos/example/app/deployments/<new>/statuses {{\"state\":\"in_progress\"", _info[2], StringComparison.Ordinal);
        Assert.Contains(_info, l => l.Contains("\"state\":\"success\"", StringComparison.Ordinal));
        Assert.Equal(5, _info.Count);
    }
}

/// <summary>The run's notifications as the pipeline wires them: from the environment (Actions' variables), around a real context.</summary>
[Collection(ProcessEnvironmentGroup.Name)]
[Trait("Category", "Loopback")]
public sealed class DeployNotificationsTests
{
    [Fact]
    public async Task A_failed_deploy_announces_its_start_and_its_failure_on_both_channels_and_the_webhook_url_is_a_secret()
    {
        await using var receiver = await RecordingReceiver.StartAsync(r => r.PathAndQuery == "/repos/example/app/deployments" ? (201, """{"id": 9}""") : (201, "{}"));
        var webhook = receiver.At("/services/T0/B0/s3cr3t-webhook").AbsoluteUri;
        using var env = new ProcessEnvironment()
            .Set(EnvVars.DeployWebhookUrl, webhook)
            .Set(EnvVars.GitHubActions, "true")
            .Set(EnvVars.GitHubToken, "ghs_testtoken")
            .Set(EnvVars.GitHubRepository, "example/app")
            .Set(EnvVars.GitHubApiUrl, receiver.Endpoint.AbsoluteUri)
            .Set(EnvVars.GitHubSha, "0123456789abcdef0123456789abcdef01234567")
            .Set(EnvVars.GitHubServerUrl, "https://github.com")
            .Set(EnvVars.GitHubRunId, "77")
            .Set(EnvVars.GitHubActor, "octocat");
        using var temp = new TempDir();
        var log = new CapturingLog();
        var context = CakeFixture.Context(temp.Path, new Dictionary<string, string> { ["target"] = "DeployStaging" }, log);
        context.TargetName = "DeployStaging";
        context.ReleaseVersion = "0123456789ab";
        using var notifications = new DeployNotifications(limits: new NotifyLimits(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero));

        await notifications.BeginAsync(context);
        context.Summary.Begin("MigrateDb");
        context.Summary.End(TimeSpan.FromSeconds(3), TaskOutcome.Failed, $"migration exited 1 (DATABASE_URL {webhook})");
        await notifications.EndAsync(context, successful: false);
        await notifications.EndAsync(context, successful: false); // the end is announced once

        Assert.Equal("***", context.Secrets.Redact(webhook));
        var got = receiver.Requests.ToList();
        var hooks = got.Where(r => r.PathAndQuery == "/services/T0/B0/s3cr3t-webhook").Select(r => JsonNode.Parse(r.Body)!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(2, hooks.Count);
        Assert.StartsWith(":rocket: Deploy of *staging* started: release `0123456789ab` (DeployStaging) by octocat", hooks[0], StringComparison.Ordinal);
        Assert.StartsWith(":x: Deploy of *staging* FAILED: release `0123456789ab` after ", hooks[1], StringComparison.Ordinal);
        Assert.EndsWith(": MigrateDb: migration exited 1 (DATABASE_URL ***)", hooks[1], StringComparison.Ordinal);
        var statuses = got.Where(r => r.PathAndQuery == "/repos/example/app/deployments/9/statuses").Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(["in_progress", "failure"], statuses.Select(s => s["state"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("https://github.com/example/app/actions/runs/77", s["log_url"]!.GetValue<string>()));
        Assert.Equal(5, got.Count);
        Assert.DoesNotContain(log.Lines, l => l.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Targets_that_are_not_releases_announce_nothing()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        using var env = new ProcessEnvironment().Set(EnvVars.DeployWebhookUrl, receiver.At("/hook/s3cr3t").AbsoluteUri).Unset(EnvVars.GitHubActions);
        using var temp = new TempDir();
        var context = CakeFixture.Context(temp.Path, new Dictionary<string, string> { ["target"] = "ScaleServices" }, new CapturingLog());
        context.TargetName = "ScaleServices";
        using var notifications = new DeployNotifications();

        await notifications.BeginAsync(context);
        await notifications.EndAsync(context, successful: true);

        Assert.Empty(receiver.Requests);
    }
}
