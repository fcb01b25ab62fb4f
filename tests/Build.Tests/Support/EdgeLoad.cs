using System.Diagnostics;
using System.Globalization;

namespace Deploy.Build.Tests.Support;

/// <summary>One request of a load run: its status (0 when no answer came), body and latency.</summary>
public sealed record EdgeAnswer(int Status, string Body, double Milliseconds)
{
    public bool Ok => Status == 200;
}

/// <summary>
/// A bounded load on one URL of the local edge while something else runs (a rollout): a few workers, each sending one
/// request at a time, until stopped or the request cap. Loopback only; the figures are for the test output.
/// </summary>
public sealed class EdgeLoad : IAsyncDisposable
{
    public const int MaxRequests = 20000;

    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<EdgeAnswer> _answers = [];
    private readonly Task _workers;

    private EdgeLoad(Uri url, int workers)
    {
        if (!url.IsLoopback)
        {
            throw new ArgumentException("the load stays on loopback", nameof(url));
        }

        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(url))));
    }

    public static EdgeLoad Start(Uri url, int workers = 2) => new(url, workers);

    /// <summary>Stops the workers and returns every answer, in completion order.</summary>
    public async Task<IReadOnlyList<EdgeAnswer>> StopAsync()
    {
        await _stop.CancelAsync();
        await _workers;
        lock (_answers)
        {
            return [.. _answers];
        }
    }

    /// <summary>"N requests, N failed (statuses), p50 X ms, p99 Y ms, max Z ms".</summary>
    public static string Describe(IReadOnlyList<EdgeAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var sorted = answers.Select(a => a.Milliseconds).Order().ToList();
        double At(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        var failed = answers.Where(a => !a.Ok).GroupBy(a => a.Status).Select(g => $"{g.Count()}x {g.Key}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{answers.Count} requests, {answers.Count(a => !a.Ok)} failed ({string.Join(", ", failed)}), p50 {At(0.50):0.0} ms, p99 {At(0.99):0.0} ms, max {(sorted.Count == 0 ? 0 : sorted[^1]):0.0} ms");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _workers;
        }
        finally
        {
            _http.Dispose();
            _stop.Dispose();
        }
    }

    private async Task WorkAsync(Uri url)
    {
        while (!_stop.IsCancellationRequested)
        {
            lock (_answers)
            {
                if (_answers.Count >= MaxRequests)
                {
                    return;
                }
            }

            var started = Stopwatch.GetTimestamp();
            EdgeAnswer answer;
            try
            {
                using var response = await _http.GetAsync(url, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                answer = new EdgeAnswer((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answer = new EdgeAnswer(0, e.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (_answers)
            {
                _answers.Add(answer);
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
