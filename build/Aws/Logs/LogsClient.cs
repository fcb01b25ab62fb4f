using System.Text.Json.Serialization;

namespace Deploy.Build.Aws.Logs;

public sealed record GetLogEventsRequest(string LogGroupName, string LogStreamName, bool? StartFromHead = true, string? NextToken = null, int? Limit = null);

public sealed record OutputLogEvent([property: JsonConverter(typeof(EpochMillisecondsConverter))] DateTimeOffset? Timestamp, string Message);

public sealed record GetLogEventsResponse(IReadOnlyList<OutputLogEvent>? Events, string? NextForwardToken, string? NextBackwardToken);

/// <summary>CloudWatch Logs reads, shaped like AWSSDK.CloudWatchLogs's IAmazonCloudWatchLogs.</summary>
public interface ILogsClient : IDisposable
{
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);
}

/// <summary>CloudWatch Logs over awsJson1.1, signed by the SDK's SigV4 handler.</summary>
public sealed class LogsClient(AwsSettings settings, AwsRetry.Options? retry = null) : ILogsClient
{
    private readonly AwsJsonClient _json = new(settings, "logs", "logs", "Logs_20140328", retry);

    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", request, cancellationToken);

    public void Dispose() => _json.Dispose();
}

/// <summary>Reads a whole log stream from the head, following forward tokens until they stop changing.</summary>
public static class LogStreamReader
{
    public static async Task<IReadOnlyList<string>> ReadAllAsync(ILogsClient logs, string group, string stream, int maxLines = 10_000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var lines = new List<string>();
        string? token = null;
        while (lines.Count < maxLines)
        {
            GetLogEventsResponse page;
            try
            {
                page = await logs.GetLogEventsAsync(new GetLogEventsRequest(group, stream, true, token), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                break; // the task never wrote a line (or never started)
            }

            lines.AddRange((page.Events ?? []).Select(e => e.Message.TrimEnd('\n', '\r')));
            if (page.NextForwardToken is null || page.NextForwardToken == token || page.Events is not { Count: > 0 })
            {
                break;
            }

            token = page.NextForwardToken;
        }

        return lines.Count > maxLines ? lines[^maxLines..] : lines;
    }
}
