using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Deploy.Build.Benchmark;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.LocalCloud;

/// <summary>A moto_server of its own (the benchmark's, the tests'), on a free loopback port, stopped by its PID.</summary>
public sealed class MotoProcess : IDisposable
{
    private readonly Process _process;

    private MotoProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<MotoProcess> StartAsync(string motoServer, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo(motoServer) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("moto_server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var moto = new MotoProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(moto.Endpoint, "/moto-api/"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return moto;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
        }

        moto.Dispose();
        throw new TimeoutException($"moto_server did not answer on port {port}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
