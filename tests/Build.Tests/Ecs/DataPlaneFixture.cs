using System.Globalization;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Ecs;

/// <summary>
/// A moto_server of its own, the example API image built from the offline base (two tags: v1 and v2, and a "broken"
/// image whose /health answers 500), and a unique project name so containers of parallel runs never collide.
/// </summary>
public sealed class DataPlaneFixture : IAsyncLifetime
{
    private readonly MotoServer _moto = new();
    private Deploy.Build.Tools.Processes.RunningProcess? _registry;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public string Project => $"dp{_suffix}";

    public string ImageV1 => $"ecs-dataplane-api-{_suffix}:v1";

    public string ImageV2 => $"ecs-dataplane-api-{_suffix}:v2";

    public string BrokenImage => $"ecs-dataplane-api-{_suffix}:broken";

    /// <summary>The API image plus the failing-migration fixture (test data the deployable image does not carry).</summary>
    public string MigrationFixturesImage => $"ecs-dataplane-api-{_suffix}:fixtures";

    public TempDir State { get; } = new();

    public EcsMoto Moto { get; private set; } = null!;

    private string? _unavailable;

    /// <summary>Skips the calling test (on a machine without Docker or moto; never in CI) when the fixture could not start.</summary>
    public void Ready() => Skip.If(_unavailable is not null, _unavailable);

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (SkipException ex)
        {
            _unavailable = ex.Message;
        }
    }

    private async Task StartAsync()
    {
        Requirements.Tool("docker");
        var info = await Run.ProcessAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Skip.If(info.ExitCode != 0 && !Requirements.InCi, "the Docker engine is not running");
        Assert.True(info.ExitCode == 0, "the Docker engine is not running: " + info.Output);
        await _moto.InitializeAsync();
        Moto = new EcsMoto(_moto.Endpoint);

        await Check(Run.ProcessAsync("bash", [Repo.PathOf("examples/webapp/base-image/build-local-base.sh")], timeout: TimeSpan.FromMinutes(5)));
        await Check(Run.ProcessAsync("docker", ["build", "--network", "host", "--build-arg", "BASE_IMAGE=deploy-example-base:local", "-t", ImageV1,
            Repo.PathOf("examples/webapp/api")], timeout: TimeSpan.FromMinutes(5)));
        await Check(Run.ProcessAsync("docker", ["tag", ImageV1, ImageV2]));
        var broken = State.Write("broken/Dockerfile", $"FROM {ImageV1}\nENV FAIL_HEALTH=1\n");
        await Check(Run.ProcessAsync("docker", ["build", "--network", "host", "-t", BrokenImage, Path.GetDirectoryName(broken)!]));
        var fixtures = State.Write("fixtures/Dockerfile", $"FROM {ImageV1}\nCOPY migrations-failing/ /app/migrations-failing/\n");
        foreach (var file in Directory.GetFiles(Repo.PathOf("examples/webapp/api/migrations-failing")))
        {
            State.Write(Path.Combine("fixtures", "migrations-failing", Path.GetFileName(file)), File.ReadAllText(file));
        }

        await Check(Run.ProcessAsync("docker", ["build", "--network", "host", "-t", MigrationFixturesImage, Path.GetDirectoryName(fixtures)!]));
    }

    /// <summary>Pushes a local image to a registry of the fixture's own (started on first use): deployed by digest, as PushImages does.</summary>
    public async Task<PushedImage> PushAsync(string image, string name)
    {
        var address = await RegistryAsync();
        var repository = $"{address}/{name}-{_suffix}";
        var tag = image[(image.LastIndexOf(':') + 1)..];
        await Check(Run.ProcessAsync("docker", ["tag", image, $"{repository}:{tag}"]));
        await Check(Run.ProcessAsync("docker", ["push", $"{repository}:{tag}"], timeout: TimeSpan.FromMinutes(3)));
        var digests = await Run.ProcessAsync("docker", ["inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", $"{repository}:{tag}"]);
        var byDigest = digests.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(d => d.StartsWith(repository + "@", StringComparison.Ordinal));
        _pushed.Add($"{repository}:{tag}");
        return new PushedImage(name, repository, tag, byDigest[(byDigest.IndexOf('@') + 1)..]);
    }

    private readonly List<string> _pushed = [];

    private async Task<string> RegistryAsync()
    {
        var port = _registryPort;
        if (_registry is not null)
        {
            return $"127.0.0.1:{port}";
        }

        var registry = Requirements.Tool("docker-registry");
        port = _registryPort = MotoServer.FreePort();
        var config = State.Write("registry/config.yml", $"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {State.Path}/registry/data\nhttp:\n  addr: 127.0.0.1:{port}\n");
        _registry = Run.Background(registry, "serve", config);
        for (var i = 0; i < 100 && await StatusAsync(port, "/v2/") != 200; i++)
        {
            await Task.Delay(200);
        }

        return $"127.0.0.1:{port}";
    }

    private int _registryPort;

    public LocalDockerPlatform Platform(List<string>? log = null, TimeSpan? healthTimeout = null) =>
        new(new EcsClient(Moto.Settings), new SsmSecretResolver(Moto.Settings), new DockerCli(),
            new LocalDataPlaneSettings(Project, State.Path, healthTimeout ?? TimeSpan.FromSeconds(30)), line => log?.Add(line));

    public async Task DisposeAsync()
    {
        if (_unavailable is not null)
        {
            await _moto.DisposeAsync();
            State.Dispose();
            return;
        }

        var left = await Run.ProcessAsync("docker", ["ps", "-aq", "--filter", $"label={LocalDataPlaneSettings.ProjectLabel}={Project}"]);
        var ids = left.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            await Run.ProcessAsync("docker", new[] { "rm", "-f" }.Concat(ids));
        }

        await Run.ProcessAsync("docker", ["rmi", "-f", .. _pushed, MigrationFixturesImage, BrokenImage, ImageV2, ImageV1]);
        _registry?.Dispose();
        Moto?.Dispose();
        await _moto.DisposeAsync();
        State.Dispose();
    }

    /// <summary>HTTP status of GET path on a loopback port (0 when nothing answers).</summary>
    public static async Task<int> StatusAsync(int port, string path = "/health")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{path}")));
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task Check(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
