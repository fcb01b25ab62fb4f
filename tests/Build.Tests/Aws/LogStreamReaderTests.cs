using System.Text.Json;
using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Tests.Ecs;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Aws;

/// <summary>
/// GetLogEvents paging (review row 17): the end of a stream is the page whose nextForwardToken is the token sent, not an
/// empty page. The real <see cref="LogsClient"/> over its transport seam, with scripted pages: moto never answers an
/// empty page before the end, which is what CloudWatch Logs documents it may do.
/// </summary>
public sealed class LogStreamReaderTests
{
    [Fact]
    public async Task Reads_past_empty_pages_until_the_forward_token_comes_back()
    {
        var (handler, logs) = Scripted(
            (null, ["line 1"], "f/1"),
            ("f/1", [], "f/2"),       // empty, but not the end: the token moved on
            ("f/2", ["line 2", "line 3\n"], "f/3"),
            ("f/3", [], "f/3"));      // the end: the same token back
        using var _ = logs;

        var lines = await LogStreamReader.ReadAllAsync(logs, "/ecs/api", "ecs/api/t1");

        Assert.Equal(["line 1", "line 2", "line 3"], lines);
        Assert.Equal([null, "f/1", "f/2", "f/3"], TokensSent(handler));
    }

    [Fact]
    public async Task Stops_after_the_page_cap_and_says_the_log_was_cut()
    {
        var page = 0;
        using var handler = new RecordingHandler(_ =>
        {
            page++;
            return RecordingHandler.Answer($$"""{"events":[{"timestamp":1,"message":"p{{page}}"}],"nextForwardToken":"f/{{page}}"}""");
        });
        using var logs = new LogsClient(Settings, innerHandler: handler);

        var lines = await LogStreamReader.ReadAllAsync(logs, "/ecs/api", "ecs/api/t1", maxPages: 5);

        Assert.Equal(5, handler.Requests.Count);
        Assert.Equal(["p1", "p2", "p3", "p4", "p5", "(log cut: stopped after 5 pages of /ecs/api ecs/api/t1)"], lines);
    }

    [Fact]
    public async Task Keeps_the_last_lines_when_there_are_more_than_asked_for()
    {
        var (_, logs) = Scripted((null, ["a", "b"], "f/1"), ("f/1", ["c"], "f/2"), ("f/2", [], "f/2"));
        using var _ = logs;

        Assert.Equal(["b", "c"], await LogStreamReader.ReadAllAsync(logs, "/ecs/api", "ecs/api/t1", maxLines: 2));
    }

    [Fact]
    public async Task A_stream_that_does_not_exist_reads_as_no_lines()
    {
        using var handler = new RecordingHandler(_ => RecordingHandler.Answer(
            """{"__type":"ResourceNotFoundException","message":"The specified log stream does not exist."}""", System.Net.HttpStatusCode.BadRequest));
        using var logs = new LogsClient(Settings, innerHandler: handler);

        Assert.Empty(await LogStreamReader.ReadAllAsync(logs, "/ecs/api", "ecs/api/never"));
    }

    private static AwsSettings Settings { get; } = AwsSettings.ForLocal(EcsMoto.Region, new Uri("http://127.0.0.1:9/"));

    /// <summary>Answers each GetLogEvents by the token it carries; an unexpected token fails the test.</summary>
    private static (RecordingHandler Handler, LogsClient Logs) Scripted(params (string? Token, string[] Events, string Next)[] pages)
    {
        var handler = new RecordingHandler(request =>
        {
            var sent = (string?)JsonNode.Parse(request.Body)!["nextToken"];
            var (_, events, next) = pages.Single(p => p.Token == sent);
            var body = new JsonObject
            {
                ["events"] = new JsonArray(events.Select((m, i) => (JsonNode)new JsonObject { ["timestamp"] = 1_700_000_000_000 + i, ["message"] = m }).ToArray()),
                ["nextForwardToken"] = next,
                ["nextBackwardToken"] = "b/0",
            };
            return RecordingHandler.Answer(body.ToJsonString());
        });
        return (handler, new LogsClient(Settings, new AwsRetry.Options(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1)), innerHandler: handler));
    }

    private static List<string?> TokensSent(RecordingHandler handler) =>
        handler.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.TryGetProperty("nextToken", out var t) ? t.GetString() : null).ToList();
}

/// <summary>The same paging against moto's GetLogEvents (small pages; moto answers the sent token back at the end).</summary>
[Trait("Category", "Integration")]
public sealed class LogStreamReaderMotoTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [SkippableFact]
    public async Task Reads_a_stream_of_several_pages_until_moto_sends_the_same_token_back()
    {
        var settings = AwsSettings.ForLocal(EcsMoto.Region, new Uri(moto.Endpoint));
        using (var raw = new AwsJsonClient(settings, "logs", "logs", LogsClient.TargetPrefix))
        {
            await raw.CallAsync<JsonObject, JsonObject>("CreateLogGroup", new JsonObject { ["logGroupName"] = "/ecs/paged" });
            await raw.CallAsync<JsonObject, JsonObject>("CreateLogStream", new JsonObject { ["logGroupName"] = "/ecs/paged", ["logStreamName"] = "ecs/api/t1" });
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await raw.CallAsync<JsonObject, JsonObject>("PutLogEvents", new JsonObject
            {
                ["logGroupName"] = "/ecs/paged",
                ["logStreamName"] = "ecs/api/t1",
                ["logEvents"] = new JsonArray(Enumerable.Range(1, 5).Select(i => (JsonNode)new JsonObject { ["timestamp"] = now + i, ["message"] = $"line {i}" }).ToArray()),
            });
        }

        using var logs = new CountingLogs(new LogsClient(settings));
        var lines = await LogStreamReader.ReadAllAsync(logs, "/ecs/paged", "ecs/api/t1", pageSize: 2);

        Assert.Equal(["line 1", "line 2", "line 3", "line 4", "line 5"], lines);
        // 2 + 2 + 1 events, then an empty page whose forward token is the one sent: four calls, the last one the end.
        Assert.Equal([2, 2, 1, 0], logs.Pages.Select(p => p.Events));
        Assert.Equal(logs.Pages[^1].Sent, logs.Pages[^1].Next);
        Assert.All(logs.Pages.SkipLast(1), p => Assert.NotEqual(p.Sent, p.Next));
    }

    /// <summary>The real client, with each call's token sent, token answered and event count noted.</summary>
    private sealed class CountingLogs(ILogsClient inner) : ILogsClient
    {
        public List<(string? Sent, string? Next, int Events)> Pages { get; } = [];

        public async Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default)
        {
            var page = await inner.GetLogEventsAsync(request, cancellationToken);
            Pages.Add((request.NextToken, page.NextForwardToken, page.Events?.Count ?? 0));
            return page;
        }

        public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
            inner.DescribeLogGroupsAsync(request, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
