using Deploy.Build.Tools.Docker;
using Polly;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// Retries `docker push` and `docker login` when the registry failed for a passing reason (5xx, 429, a dropped
/// connection). A push is safe to repeat: blobs and manifests are content-addressed, and the engine skips layers the
/// registry already has. Refusals (denied, unauthorized, unknown repository, invalid manifest) are not retried.
/// </summary>
public static class RegistryTransferRetry
{
    private static readonly string[] TransientMarks =
    [
        "500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout", "429 Too Many Requests",
        "received unexpected HTTP status: 5", "toomanyrequests", "TOOMANYREQUESTS", "EOF", "connection reset", "connection refused",
        "broken pipe", "i/o timeout", "TLS handshake timeout", "unexpected end of JSON input", "net/http: request canceled",
        "Internal Server Error", "Service Unavailable", "timeout",
    ];

    private static readonly string[] PermanentMarks =
    [
        "denied", "unauthorized", "authentication required", "name unknown", "manifest invalid", "blob unknown to registry",
        "An image does not exist locally", "tag does not exist", "no basic auth credentials",
    ];

    /// <summary>Whether a failed docker command's last lines say the registry failed transiently.</summary>
    public static bool IsTransient(IEnumerable<string> lastLines)
    {
        var text = string.Join('\n', lastLines ?? []);
        return !PermanentMarks.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase))
               && TransientMarks.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    public static ResiliencePipeline Create(Action<string>? onRetry = null, int maxAttempts = 5, TimeSpan? baseDelay = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new Polly.Retry.RetryStrategyOptions
            {
                MaxRetryAttempts = maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = new PredicateBuilder().Handle<DockerException>(e => IsTransient(e.LastLines)),
                OnRetry = args =>
                {
                    Aws.AwsRetry.CountRetry();
                    var error = (DockerException)args.Outcome.Exception!;
                    onRetry?.Invoke($"docker {error.Command}: transient registry failure, retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.0} s ({(error.LastLines.Count == 0 ? string.Empty : error.LastLines[^1].Trim())})");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Runs a docker command under the retry policy (the command throws <see cref="DockerException"/> when it fails).</summary>
    public static void Run(ResiliencePipeline pipeline, Action command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        pipeline.Execute(_ => command(), cancellationToken);
    }
}
