using System.Net;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Deploy.Build.Steps.Notifications;

/// <summary>How long one announcement may take: each attempt's timeout, attempts per request, the pause between them.</summary>
public sealed record NotifyLimits(TimeSpan AttemptTimeout, int Attempts, TimeSpan RetryDelay)
{
    /// <summary>5 s per attempt, one retry after half a second.</summary>
    public static readonly NotifyLimits Default = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMilliseconds(500));

    /// <summary>The most one request may take, retry included; one event's announcements all end within it.</summary>
    public TimeSpan Budget => (AttemptTimeout * Attempts) + (RetryDelay * (Attempts - 1));
}

/// <summary>A receiver refused a notification (a 4xx answer): repeating it would not help.</summary>
public sealed class NotificationRefusedException(string message) : Exception(message);

/// <summary>
/// The HTTP under the notifications: JSON requests with a per-attempt timeout, repeated on a 5xx, 408, 429, a dropped
/// connection or a timeout; <c>handler</c> is the transport seam (as <c>SmokeTester</c>'s). Messages never contain the URL.
/// </summary>
public sealed class NotificationHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;

    public NotificationHttp(NotifyLimits limits, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // Each attempt is bounded by the pipeline's timeout instead.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        var builder = new ResiliencePipelineBuilder();
        if (limits.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = limits.Attempts - 1,
                BackoffType = DelayBackoffType.Constant,
                Delay = limits.RetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<IOException>(),
            });
        }

        _pipeline = builder.AddTimeout(limits.AttemptTimeout).Build();
    }

    /// <summary>Sends <paramref name="json"/> (or nothing, for a GET) and returns the answer's body; throws on a failure after the retries.</summary>
    public async Task<string> SendAsync(HttpMethod method, Uri url, string? json, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, url);
                foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                var answer = $"{status} {response.ReasonPhrase}".TrimEnd();
                throw status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                    ? new HttpRequestException(answer, null, response.StatusCode)
                    : new NotificationRefusedException(answer);
            }, ct).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            throw new TimeoutException("no answer in time");
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            // Connection failures name the host in their message; say what happened, not where.
            throw new HttpRequestException(ex.HttpRequestError.ToString(), null);
        }
    }

    public void Dispose() => _http.Dispose();
}
