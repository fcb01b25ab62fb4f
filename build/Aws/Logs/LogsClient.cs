using System.Text.Json.Serialization;

namespace Deploy.Build.Aws.Logs;

public sealed record GetLogEventsRequest(string LogGroupName, string LogStreamName, bool? StartFromHead = true, string? NextToken = null, int? Limit = null);

public sealed record OutputLogEvent([property: JsonConverter(typeof(EpochMillisecondsConverter))] DateTimeOffset? Timestamp, string Message);

public sealed record GetLogEventsResponse(IReadOnlyList<OutputLogEvent>? Events, string? NextForwardToken, string? NextBackwardToken);

public sealed record DescribeLogGroupsRequest(string? LogGroupNamePrefix, string? NextToken = null, int? Limit = null);

public sealed record LogGroup(string LogGroupName, int? RetentionInDays = null);

public sealed record DescribeLogGroupsResponse(IReadOnlyList<LogGroup>? LogGroups, string? NextToken);

/// <summary>CloudWatch Logs reads, shaped like AWSSDK.CloudWatchLogs's IAmazonCloudWatchLogs.</summary>
public interface ILogsClient : IDisposable
{
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);

    Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default);
}

/// <summary>CloudWatch Logs over awsJson1.1, signed by the SDK's SigV4 handler.</summary>
public sealed class LogsClient(AwsSettings settings, AwsRetry.Options? retry = null, Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null)
    : ILogsClient
{
    public const string TargetPrefix = "Logs_20140328";

    private readonly AwsJsonClient _json = new(settings, "logs", "logs", TargetPrefix, retry, onRetry, innerHandler);

    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", request, cancellationToken);

    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeLogGroupsRequest, DescribeLogGroupsResponse>("DescribeLogGroups", request, cancellationToken);

    public void Dispose() => _json.Dispose();
}

/// <summary>
/// Reads a whole log stream from the head. CloudWatch Logs may answer empty or partly filled pages before the end of a
/// stream; the end is the page whose nextForwardToken is the token that was sent (GetLogEvents documentation), so the
/// reader follows forward tokens until then, never stopping at an empty page, at most <c>maxPages</c> calls.
/// </summary>
public static class LogStreamReader
{
    /// <summary>Pages read at most (a stream that never ends, or a service that keeps answering new tokens, stops here).</summary>
    public const int DefaultMaxPages = 100;

    /// <param name="maxLines">Lines kept: the last ones (a failure's cause is near the end).</param>
    /// <param name="maxPages">GetLogEvents calls at most; when reached, a last line says the log was cut.</param>
    /// <param name="pageSize">GetLogEvents limit (null: the service's default, up to 10,000 events or 1 MB).</param>
    public static async Task<IReadOnlyList<string>> ReadAllAsync(ILogsClient logs, string group, string stream, int maxLines = 10_000,
        int maxPages = DefaultMaxPages, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        var lines = new Queue<string>();
        string? token = null;
        for (var page = 1; ; page++)
        {
            GetLogEventsResponse answer;
            try
            {
                answer = await logs.GetLogEventsAsync(new GetLogEventsRequest(group, stream, true, token, pageSize), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                break; // the task never wrote a line (or never started)
            }

            foreach (var e in answer.Events ?? [])
            {
                Keep(lines, e.Message.TrimEnd('\n', '\r'), maxLines);
            }

            if (answer.NextForwardToken is null || answer.NextForwardToken == token)
            {
                break; // the end of the stream
            }

            if (page == maxPages)
            {
                Keep(lines, $"(log cut: stopped after {maxPages} pages of {group} {stream})", maxLines);
                break;
            }

            token = answer.NextForwardToken;
        }

        return [.. lines];
    }

    private static void Keep(Queue<string> lines, string line, int maxLines)
    {
        lines.Enqueue(line);
        if (lines.Count > maxLines)
        {
            lines.Dequeue();
        }
    }
}
