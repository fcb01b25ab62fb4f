using System.Net;
using System.Net.Sockets;

namespace Deploy.Build.Steps.Smoke;

/// <summary>One URL the deploy must answer, the status it must answer with, and what a good answer contains.</summary>
/// <param name="PageAssets">A page: every same-site file it references (scripts, styles, images) must answer 200 too.</param>
public sealed record SmokeCheck(string Name, Uri Url, string? MustContain = null, int Status = 200, bool PageAssets = false);

/// <summary>
/// How the smoke test reaches the site: headers sent with every request (the WAF allow list's bypass; their values are
/// secrets) and the local address it connects from (null: the system's choice).
/// </summary>
public sealed record SmokeAccess(IReadOnlyDictionary<string, string> Headers, IPAddress? From = null)
{
    public static SmokeAccess Anonymous { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>What every request says it is: AWS's managed common rule set blocks requests without a User-Agent.</summary>
    public const string UserAgent = "deploy-pipeline-smoke-test/1";

    /// <summary>A handler whose connections leave from <see cref="From"/> (a loopback address outside an allow list, locally).</summary>
    public HttpMessageHandler Handler() => From is not { } from
        ? new SocketsHttpHandler()
        : new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
}

/// <summary>Polls each check until it answers 200 (with the expected content) or the deadline passes.</summary>
public sealed class SmokeTester(HttpMessageHandler? handler = null, SmokeAccess? access = null)
{
    public async Task<IReadOnlyList<string>> RunAsync(IEnumerable<SmokeCheck> checks, TimeSpan deadline, Action<string> log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(log);
        var how = access ?? SmokeAccess.Anonymous;
        using var http = handler is null ? new HttpClient(how.Handler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(10);
        http.DefaultRequestHeaders.UserAgent.ParseAdd(SmokeAccess.UserAgent);
        foreach (var (name, value) in how.Headers)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        var failures = new List<string>();
        foreach (var check in checks)
        {
            var last = "no answer";
            var until = DateTime.UtcNow + deadline;
            var ok = false;
            var page = string.Empty;
            while (!ok && DateTime.UtcNow < until)
            {
                try
                {
                    using var response = await http.GetAsync(check.Url, ct).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    page = body;
                    ok = (int)response.StatusCode == check.Status
                         && (check.MustContain is null || body.Contains(check.MustContain, StringComparison.OrdinalIgnoreCase));
                    last = $"{(int)response.StatusCode}{((int)response.StatusCode == check.Status ? string.Empty : $" (expected {check.Status})")}"
                           + (ok || check.MustContain is null || (int)response.StatusCode != check.Status ? string.Empty : $", no '{check.MustContain}'");
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    last = "timed out";
                }

                if (!ok)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                }
            }

            log($"{(ok ? "ok" : "FAILED")} {check.Name}: GET {check.Url} -> {last}");
            if (!ok)
            {
                failures.Add($"{check.Name} ({check.Url}: {last})");
            }
            else if (check.PageAssets)
            {
                failures.AddRange(await AssetsAsync(http, check, page, log, ct).ConfigureAwait(false));
            }
        }

        return failures;
    }

    /// <summary>The files a page references must be there (the page and the bucket are of the same release).</summary>
    private static async Task<List<string>> AssetsAsync(HttpClient http, SmokeCheck check, string page, Action<string> log, CancellationToken ct)
    {
        var failures = new List<string>();
        var assets = SmokeChecks.PageAssets(page, check.Url);
        foreach (var asset in assets)
        {
            var answer = await AssetAnswerAsync(http, asset, ct).ConfigureAwait(false);
            if (answer != "200")
            {
                failures.Add($"{check.Name} references {asset} ({answer})");
            }
        }

        log($"{(failures.Count == 0 ? "ok" : "FAILED")} {check.Name}: {assets.Count - failures.Count} of the {assets.Count} files it references answer 200");
        return failures;
    }

    /// <summary>How many times a referenced file is asked for when it answers a 5xx or not at all (a CDN's origin errors are transient).</summary>
    public const int AssetAttempts = 3;

    /// <summary>
    /// A referenced file's status ("200", "404", or the error): a 4xx is final (the page names a file its release lacks);
    /// a 5xx or a failed connection is asked again, up to <see cref="AssetAttempts"/> times, a second apart.
    /// </summary>
    private static async Task<string> AssetAnswerAsync(HttpClient http, Uri asset, CancellationToken ct)
    {
        var answer = "no answer";
        for (var attempt = 1; attempt <= AssetAttempts; attempt++)
        {
            var transient = true;
            try
            {
                using var response = await http.GetAsync(asset, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                answer = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                transient = status >= 500;
            }
            catch (HttpRequestException ex)
            {
                answer = ex.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                answer = "timed out";
            }

            if (!transient || attempt == AssetAttempts)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }

        return answer;
    }
}
