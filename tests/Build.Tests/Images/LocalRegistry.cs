using System.Globalization;
using System.Net;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

/// <summary>
/// A real CNCF distribution registry (`docker-registry serve`) on a free loopback port, with an htpasswd
/// file (bcrypt, made by python3's crypt module) so logins with a password are exercised for real.
/// </summary>
public sealed class LocalRegistry : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "deploy-registry-" + Guid.NewGuid().ToString("N")[..10]);
    private Deploy.Build.Tools.Processes.RunningProcess? _process;

    public const string Username = "deployer";

    /// <summary>Random per fixture, so a test can search logs and process lists for it.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public int Port { get; private set; }

    public string Address => $"127.0.0.1:{Port}";

    public DistributionRegistry Client() => new(Address, new RegistryLogin(Address, Username, Password));

    public async Task InitializeAsync()
    {
        var registry = Requirements.Tool("docker-registry");
        Directory.CreateDirectory(_dir);
        var python = Requirements.Tool("python3");
        Port = MotoServer.FreePort();
        var hash = await Run.ProcessAsync(python, ["-W", "ignore", "-c", "import crypt,os; print(crypt.crypt(os.environ['REGISTRY_PASSWORD'], crypt.mksalt(crypt.METHOD_BLOWFISH)))"],
            _dir, new Dictionary<string, string?> { ["REGISTRY_PASSWORD"] = Password }, TimeSpan.FromSeconds(30));
        Assert.True(hash.ExitCode == 0 && hash.StdOut.StartsWith("$2", StringComparison.Ordinal), "bcrypt hash failed: " + hash.Output);
        File.WriteAllText(Path.Combine(_dir, "htpasswd"), $"{Username}:{hash.StdOut.Trim()}\n");
        var config = Path.Combine(_dir, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {_dir}/data
            http:
              addr: {Address}
              secret: local-test-secret
            auth:
              htpasswd:
                realm: local-registry
                path: {_dir}/htpasswd
            """);

        _process = Run.Background(registry, "serve", config);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Address}/v2/"));
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
        }

        throw new TimeoutException($"docker-registry did not answer on {Address}");
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        return Task.CompletedTask;
    }

    public override string ToString() => Address.ToString(CultureInfo.InvariantCulture);
}
