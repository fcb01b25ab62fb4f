using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.Runtime.Signing;
using Polly;

namespace Deploy.Build.Aws;

/// <summary>
/// Signed HTTP calls to one AWS service: SigV4 by the SDK's own <see cref="SigV4SigningHandler"/>,
/// retries by <see cref="AwsRetry"/>, errors (JSON or XML) turned into <see cref="AwsServiceException"/>.
/// The typed service clients (ECR, ECS, Logs, CloudFront) sit on top.
/// </summary>
public class AwsHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;

    /// <param name="signingName">SigV4 service name (ecr, ecs, logs, cloudfront).</param>
    /// <param name="hostPrefix">Endpoint host prefix (api.ecr, ecs, logs, cloudfront).</param>
    /// <param name="innerHandler">Transport (default: <see cref="CreateTransport"/>); tests insert a fault-injecting proxy in front of the real service instead.</param>
    public AwsHttpClient(AwsSettings settings, string signingName, string hostPrefix, AwsRetry.Options? retry = null,
        Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ServiceName = signingName;
        var region = signingName == "cloudfront" ? Amazon.RegionEndpoint.USEast1 : settings.RegionEndpoint;
        var handler = new SigV4SigningHandler(settings.Credentials(), region, signingName, innerHandler ?? CreateTransport());
        _http = new HttpClient(handler) { BaseAddress = settings.EndpointFor(hostPrefix), Timeout = Timeout.InfiniteTimeSpan };
        _retry = AwsRetry.Create(retry, onRetry);
    }

    public string ServiceName { get; }

    /// <summary>
    /// The transport under the signing handler. Redirects are never followed: a redirected request would go out
    /// with the signature of the first one (the SDK's SigV4SigningHandler requires automatic redirects off), and an
    /// AWS API answers 3xx only when something is wrong (a wrong region or endpoint), which the caller should see.
    /// </summary>
    public static SocketsHttpHandler CreateTransport() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 64,
        AllowAutoRedirect = false,
    };

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// Sends a request built fresh for each attempt; returns the body of a 2xx answer. <paramref name="retry"/> false:
    /// one attempt only, for calls that are not idempotent, whose caller checks what happened before trying again.
    /// </summary>
    public Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        string operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken) =>
        SendAsync(operation, build, retry: true, cancellationToken);

    /// <inheritdoc cref="SendAsync(string, Func{HttpRequestMessage}, CancellationToken)"/>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        string operation, Func<HttpRequestMessage> build, bool retry, CancellationToken cancellationToken)
    {
        return await (retry ? _retry : ResiliencePipeline.Empty).ExecuteAsync(
            async ct =>
            {
                using var request = build();
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var status = response.StatusCode;
                    var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
                    response.Dispose();
                    throw ParseError(operation, status, body, requestId);
                }

                return (response.StatusCode, body, response);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns an error body (awsJson {"__type","message"} or XML &lt;Error&gt;&lt;Code&gt;) into a typed exception.</summary>
    public AwsServiceException ParseError(string operation, HttpStatusCode status, string body, string? requestId)
    {
        var code = status.ToString();
        var message = body.Length > 300 ? body[..300] : body;
        try
        {
            if (body.TrimStart().StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.TryGetProperty("__type", out var type))
                {
                    code = type.GetString()!.Split('#')[^1].Split(':')[0];
                }

                if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m))
                {
                    message = m.GetString() ?? string.Empty;
                }
            }
            else if (body.TrimStart().StartsWith('<'))
            {
                var xml = XDocument.Parse(body);
                var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") ?? xml.Root!;
                code = error.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? code;
                message = error.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? message;
            }
        }
        catch (JsonException)
        {
        }
        catch (System.Xml.XmlException)
        {
        }

        return new AwsServiceException(ServiceName, operation, status, code, message, requestId);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http.Dispose();
        }
    }
}
