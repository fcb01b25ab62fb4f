using System.Globalization;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud;

/// <summary>A moto_server of its own (the benchmark's, the tests'), on a free loopback port, stopped by its PID.</summary>
public sealed class MotoProcess : IDisposable
{
    private readonly RunningProcess _process;

    private MotoProcess(RunningProcess process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Starts moto. With <paramref name="bootstrapFile"/> it runs as the local cloud's does, enforcing IAM
    /// (moto_iam.py, both local accounts, their administrators' keys written to that file); without, anything passes.
    /// </summary>
    public static async Task<MotoProcess> StartAsync(string motoServer, IReadOnlyDictionary<string, string>? environment = null, string? bootstrapFile = null,
        CancellationToken cancellationToken = default)
    {
        var port = LoopbackPort.Free();
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in bootstrapFile is null ? [] : MotoService.IamEnvironment(bootstrapFile))
        {
            env[name] = value;
        }

        var spec = bootstrapFile is null
            ? new ProcessSpec(motoServer, "-H", "127.0.0.1", "-p", portText)
            : new ProcessSpec(MotoService.Interpreter(motoServer), MotoService.Launcher, "-H", "127.0.0.1", "-p", portText);
        var process = ProcessRunner.Start(spec with
        {
            Environment = env.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal),
            KeepLastLines = 200,
        });
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

    public void Dispose() => _process.Dispose();
}
