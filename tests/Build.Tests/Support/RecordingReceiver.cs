using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Deploy.Build.Tests.Support;

/// <summary>One request as a <see cref="RecordingReceiver"/> got it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

/// <summary>
/// An HTTP receiver on 127.0.0.1 (a free port, <see cref="LoopbackHttpServer"/>) that records every request with its
/// body and answers as told: <c>answer</c> gives status and body (e.g. 201 with a GitHub deployment), or null to
/// never answer (the request waits until the client gives up or the receiver is disposed). For the notification tests.
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private LoopbackHttpServer _server = null!;
    private int _disposed;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri Endpoint => _server.Endpoint;

    /// <summary>Answers every request with 200 and an empty JSON object.</summary>
    public static Task<RecordingReceiver> StartAsync() => StartAsync(_ => (200, "{}"));

    public static async Task<RecordingReceiver> StartAsync(Func<ReceivedRequest, (int Status, string Body)?> answer)
    {
        var receiver = new RecordingReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = new ReceivedRequest(http.Request.Method, $"{http.Request.Path}{http.Request.QueryString}",
                http.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null,
                http.Request.ContentType, await reader.ReadToEndAsync());
            receiver.Requests.Enqueue(request);
            if (answer(request) is not { } reply)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, receiver._stopping.Token);
                await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            http.Response.StatusCode = reply.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(reply.Body);
        });
        return receiver;
    }

    /// <summary>A URL on this receiver.</summary>
    public Uri At(string pathAndQuery) => new(Endpoint, pathAndQuery);

    /// <summary>Stops the receiver (its port then refuses connections); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _server.DisposeAsync();
        _stopping.Dispose();
    }
}
