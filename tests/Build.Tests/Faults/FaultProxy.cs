using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deploy.Build.Tests.Faults;

/// <summary>
/// An HTTP proxy on 127.0.0.1 between the pipeline and a local stand-in (moto, the registry) that fails a
/// seeded share of requests: 500, 503, the service's throttling error, or a connection dropped mid-response;
/// it can add latency. It counts every request, fault and mutating call. Bounded: it stops by itself.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime;
    private int _faults;

    private FaultProxy(WebApplication app, Uri upstream, FaultPlan plan, TimeSpan maxLifetime)
    {
        _app = app;
        Plan = plan;
        Upstream = upstream;
        _random = new Random(plan.Seed);
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstream,
            Timeout = TimeSpan.FromMinutes(5),
        };
        _lifetime = new CancellationTokenSource(maxLifetime);
        _lifetime.Token.Register(() => _ = _app.StopAsync());
    }

    /// <summary>Can be changed while the proxy runs (e.g. faults off for the run after a faulty one).</summary>
    public FaultPlan Plan { get; set; }

    public Uri Upstream { get; }

    public Uri Endpoint { get; private set; } = null!;

    public int Port => Endpoint.Port;

    public ConcurrentQueue<(ProxiedRequest Request, FaultKind Fault, int Status)> Log { get; } = new();

    public int Requests => Log.Count;

    public int Faults => Log.Count(l => l.Fault != FaultKind.None);

    /// <summary>Clears the counters (between runs through the same proxy).</summary>
    public void ResetLog() => Log.Clear();

    public IReadOnlyList<ProxiedRequest> Mutations => Log.Where(l => l.Request.IsMutating).Select(l => l.Request).ToList();

    public static async Task<FaultProxy> StartAsync(Uri upstream, FaultPlan plan, TimeSpan? maxLifetime = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new FaultProxy(app, upstream, plan, maxLifetime ?? TimeSpan.FromMinutes(30));
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Endpoint = new Uri(app.Urls.First());
        return proxy;
    }

    /// <summary>Told about each request as it arrives, before it is forwarded (tests use it to act at a precise moment).</summary>
    public Action<ProxiedRequest>? OnRequest { get; set; }

    private async Task HandleAsync(HttpContext http)
    {
        var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = ProxiedRequest.From(http.Request.Method, http.Request.Path + http.Request.QueryString,
            http.Request.Headers.TryGetValue("X-Amz-Target", out var target) ? target.ToString() : null, http.Request.ContentType, body)
            with
        { UserAgent = http.Request.Headers.UserAgent.ToString() };
        OnRequest?.Invoke(request);
        var plan = Plan;
        var fault = Decide(request, plan);
        if (plan.Latency is { } latency && (plan.Slow is null || plan.Slow(request)))
        {
            await Task.Delay(latency);
        }

        switch (fault)
        {
            case FaultKind.InternalError:
            case FaultKind.ServiceUnavailable:
            case FaultKind.Throttled:
                var (status, contentType, errorBody) = ErrorResponse(fault, request);
                Log.Enqueue((request, fault, status));
                http.Response.StatusCode = status;
                http.Response.ContentType = contentType;
                await http.Response.WriteAsync(errorBody);
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(http.Request.Method), http.Request.Path + http.Request.QueryString);
        // An empty body still carries its content headers (S3's CreateMultipartUpload sends the object's Content-Type).
        if (body.Length > 0 || http.Request.Headers.TransferEncoding.Count > 0 || http.Request.ContentType is not null || http.Request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in http.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        // Signatures cover the Host header: keep the one the client signed.
        forward.Headers.Host = http.Request.Host.Value;
        using var response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        Log.Enqueue((request, fault, (int)response.StatusCode));
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        var content = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
        if (fault == FaultKind.DroppedMidResponse)
        {
            // Headers and half the body, then the connection goes away.
            await http.Response.Body.WriteAsync(content.AsMemory(0, content.Length / 2));
            await http.Response.Body.FlushAsync();
            http.Abort();
            return;
        }

        await http.Response.Body.WriteAsync(content);
    }

    private FaultKind Decide(ProxiedRequest request, FaultPlan plan)
    {
        lock (_gate)
        {
            var roll = _random.NextDouble();
            var kind = _random.Next(3);
            if (_faults >= plan.MaxFaults || plan.Eligible?.Invoke(request) == false)
            {
                return FaultKind.None;
            }

            FaultKind fault;
            var error = kind switch { 0 => FaultKind.InternalError, 1 => FaultKind.ServiceUnavailable, _ => FaultKind.Throttled };
            if (roll < plan.ErrorShare)
            {
                fault = error;
            }
            else if (roll < plan.ErrorShare + plan.DropShare && plan.Droppable?.Invoke(request) == false)
            {
                fault = error; // not to be dropped: an error answer instead, so the share stays the same
            }
            else if (roll < plan.ErrorShare + plan.DropShare)
            {
                fault = FaultKind.DroppedMidResponse;
            }
            else
            {
                return FaultKind.None;
            }

            _faults++;
            return fault;
        }
    }

    private static (int Status, string ContentType, string Body) ErrorResponse(FaultKind fault, ProxiedRequest request) => (fault, request.Protocol) switch
    {
        (FaultKind.Throttled, "json") => (400, "application/x-amz-json-1.1", "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded (fault proxy)\"}"),
        (FaultKind.Throttled, "registry") => (429, "application/json", "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"fault proxy\"}]}"),
        (FaultKind.Throttled, _) => (503, "application/xml", "<Error><Code>SlowDown</Code><Message>Please reduce your request rate (fault proxy).</Message></Error>"),
        (FaultKind.ServiceUnavailable, "json") => (503, "application/x-amz-json-1.1", "{\"__type\":\"ServiceUnavailableException\",\"message\":\"fault proxy\"}"),
        (FaultKind.ServiceUnavailable, _) => (503, "application/xml", "<Error><Code>ServiceUnavailable</Code><Message>fault proxy</Message></Error>"),
        (_, "json") => (500, "application/x-amz-json-1.1", "{\"__type\":\"InternalFailure\",\"message\":\"fault proxy\"}"),
        _ => (500, "application/xml", "<Error><Code>InternalError</Code><Message>fault proxy</Message></Error>"),
    };

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
        _lifetime.Dispose();
    }
}
