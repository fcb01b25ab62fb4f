using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (a free port) that answers with <c>handle</c> and records the method and path of
/// every request, for tests of what the HTTP stack itself does (redirects, headers) without a cloud stand-in.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>"METHOD /path?query" of each request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LoopbackHttpServer> StartAsync(Func<HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackHttpServer(app);
        app.Run(http =>
        {
            server.Requests.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
            return handle(http);
        });
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
