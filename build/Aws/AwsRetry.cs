using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Deploy.Build.Aws;

/// <summary>Retry rules for every AWS and registry call: jittered exponential backoff, capped, on transient errors only.</summary>
public static class AwsRetry
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "ServiceUnavailable",
        "ServiceUnavailableException", "InternalError", "InternalFailure", "InternalServerError",
        "ServerException", "RequestTimeout", "RequestTimeoutException",
    };

    private static int s_retries;

    /// <summary>Calls repeated after a transient failure in this process (AWS and registry), reported at the end of a run.</summary>
    public static int RetriesSoFar => Volatile.Read(ref s_retries);

    /// <summary>Counts one retry (for retry loops built outside <see cref="Create"/>).</summary>
    public static void CountRetry() => Interlocked.Increment(ref s_retries);

    /// <summary>Whether an AWS answer is worth retrying: throttling and server-side failures.</summary>
    public static bool IsTransient(HttpStatusCode status, string? errorCode) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests
        || (errorCode is not null && ThrottlingCodes.Contains(errorCode));

    public sealed record Options(int MaxAttempts = 6, TimeSpan? BaseDelay = null, TimeSpan? MaxDelay = null, TimeSpan? AttemptTimeout = null);

    /// <summary>
    /// A pipeline that retries transient AWS errors, dropped connections and per-attempt timeouts.
    /// <paramref name="onRetry"/> is told about each retry (for counting and logging).
    /// </summary>
    public static ResiliencePipeline Create(Options? options = null, Action<string>? onRetry = null)
    {
        options ??= new Options();
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = options.MaxDelay ?? TimeSpan.FromSeconds(10),
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>(),
                OnRetry = args =>
                {
                    CountRetry();
                    onRetry?.Invoke($"retry {args.AttemptNumber + 1} after {args.RetryDelay.TotalMilliseconds:0} ms: {Describe(args.Outcome.Exception)}");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout ?? TimeSpan.FromSeconds(60))
            .Build();
    }

    private static string Describe(Exception? ex) => ex switch
    {
        AwsServiceException aws => $"{aws.ErrorCode} ({(int)aws.StatusCode})",
        null => "unknown",
        _ => ex.GetType().Name + ": " + ex.Message.Split('\n')[0],
    };
}
