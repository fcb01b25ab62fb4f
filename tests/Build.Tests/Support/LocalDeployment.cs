using System.Globalization;
using System.Text.Json;
using Deploy.Build.Tests.Faults;
using Npgsql;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// One local cloud for a test: deploy.yml copied under its own project name (inside the repository so its relative
/// paths resolve), its own ports and state folder, and optionally fault proxies in front of moto and the registry
/// (LOCAL_CLOUD_AWS_ENDPOINT / LOCAL_CLOUD_REGISTRY_ENDPOINT), so every AWS and registry request of the pipeline,
/// Terraform and the Docker engine goes through them.
/// </summary>
public sealed class LocalDeployment : IAsyncDisposable
{
    private readonly TempDir _state = new();

    private LocalDeployment(string prefix)
    {
        Project = prefix + Guid.NewGuid().ToString("N")[..6];
        ConfigDirectory = Repo.PathOf($".deploy/e2e/{Project}");
        Directory.CreateDirectory(ConfigDirectory);
        WriteConfig(yaml => yaml);
    }

    public string Project { get; }

    public string ConfigDirectory { get; }

    public string ConfigPath => Path.Combine(ConfigDirectory, "deploy.yml");

    public string StatePath => _state.Path;

    public int MotoPort { get; } = MotoServer.FreePort();

    public int RegistryPort { get; } = MotoServer.FreePort();

    public int PostgresPort { get; } = MotoServer.FreePort();

    /// <summary>The local edge (CloudFront stand-in) of this deployment: where its app is opened.</summary>
    public int EdgePort { get; } = MotoServer.FreePort();

    /// <summary>The ALB stand-in behind the edge.</summary>
    public int AlbPort { get; } = MotoServer.FreePort();

    public Uri EdgeUrl => new($"http://127.0.0.1:{EdgePort}/");

    public FaultProxy? AwsProxy { get; private set; }

    public FaultProxy? RegistryProxy { get; private set; }

    /// <summary>Where the pipeline pushes: the registry, or its proxy.</summary>
    public string RegistryEndpoint => RegistryProxy is { } proxy ? $"127.0.0.1:{proxy.Port}" : $"127.0.0.1:{RegistryPort}";

    public string Bucket => $"{Project}-local-assets";

    public static readonly string[] Tools = ["docker", "terraform", "moto_server", "docker-registry", "initdb", "node", "aws"];

    public static LocalDeployment Create(string prefix)
    {
        foreach (var tool in Tools)
        {
            Requirements.Tool(tool);
        }

        return new LocalDeployment(prefix);
    }

    /// <summary>Starts proxies in front of moto and the registry; the plan can be changed between runs.</summary>
    public async Task<LocalDeployment> WithProxiesAsync(FaultPlan plan)
    {
        AwsProxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{MotoPort}"), plan, TimeSpan.FromMinutes(60));
        RegistryProxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{RegistryPort}"), plan with { Seed = plan.Seed + 1 }, TimeSpan.FromMinutes(60));
        return this;
    }

    public void SetFaults(FaultPlan plan)
    {
        AwsProxy!.Plan = plan;
        RegistryProxy!.Plan = plan with { Seed = plan.Seed + 1 };
    }

    /// <summary>
    /// A copy of the repository's Terraform roots and modules beside the config, without provider caches (a root keeps
    /// its .terraform folder), for a test that edits the IaC; <see cref="UseInfrastructure"/> points the config at it.
    /// </summary>
    public string CopyInfrastructure(string name)
    {
        var from = Repo.PathOf("infra/terraform");
        var to = Path.Combine(ConfigDirectory, name);
        foreach (var folder in new[] { "envs", "modules" })
        {
            CopyDirectory(Path.Combine(from, folder), Path.Combine(to, folder), relative => !relative.Split(Path.DirectorySeparatorChar).Contains(".terraform"));
        }

        return to;
    }

    /// <summary>Copies a folder's files (those <paramref name="include"/> accepts, by relative path), keeping their modes.</summary>
    public static void CopyDirectory(string from, string to, Func<string, bool>? include = null)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (include?.Invoke(relative) == false)
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }

    /// <summary>The local root of a <see cref="CopyInfrastructure"/> copy becomes the config's iacDir (WriteConfig(y => y) goes back).</summary>
    public void UseInfrastructure(string copy) =>
        WriteConfig(yaml => yaml.Replace("iacDir: ../../../infra/terraform/envs/local", $"iacDir: {Path.GetFileName(copy)}/envs/local", StringComparison.Ordinal));

    /// <summary>Rewrites the copied deploy.yml (paths already point back to the repository).</summary>
    public void WriteConfig(Func<string, string> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var yaml = File.ReadAllText(Repo.PathOf("deploy.yml"))
            .Replace("project: bookmark-manager", $"project: {Project}", StringComparison.Ordinal)
            .Replace("context: examples/", "context: ../../../examples/", StringComparison.Ordinal)
            .Replace("source: examples/", "source: ../../../examples/", StringComparison.Ordinal)
            .Replace(", examples/", ", ../../../examples/", StringComparison.Ordinal)
            .Replace("iacDir: infra/", "iacDir: ../../../infra/", StringComparison.Ordinal);
        File.WriteAllText(ConfigPath, edit(yaml));
    }

    public Dictionary<string, string?> Environment(IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["LOCAL_CLOUD_STATE_DIR"] = StatePath,
            ["LOCAL_CLOUD_MOTO_PORT"] = MotoPort.ToString(CultureInfo.InvariantCulture),
            ["LOCAL_CLOUD_REGISTRY_PORT"] = RegistryPort.ToString(CultureInfo.InvariantCulture),
            ["LOCAL_CLOUD_POSTGRES_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture),
            ["LOCAL_CLOUD_EDGE_PORT"] = EdgePort.ToString(CultureInfo.InvariantCulture),
            ["LOCAL_CLOUD_ALB_PORT"] = AlbPort.ToString(CultureInfo.InvariantCulture),
        };
        if (AwsProxy is not null)
        {
            env["LOCAL_CLOUD_AWS_ENDPOINT"] = AwsProxy.Endpoint.ToString().TrimEnd('/');
            env["LOCAL_CLOUD_REGISTRY_ENDPOINT"] = RegistryEndpoint;
            // The provider's own retries, as in AWS (its default there is 25); the local default of 3 is for fast moto failures.
            env["TF_VAR_aws_max_retries"] = "12";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return env;
    }

    public Task<ProcessResult> RunAsync(string target, IEnumerable<string>? args = null, IDictionary<string, string?>? env = null, TimeSpan? timeout = null) =>
        Run.PipelineAsync([$"--target={target}", $"--config={ConfigPath}", .. args ?? []], Environment(env), timeout: timeout ?? TimeSpan.FromMinutes(15));

    public RunningProcess Start(string target, IEnumerable<string>? args = null, IDictionary<string, string?>? env = null) =>
        Run.StartPipeline([$"--target={target}", $"--config={ConfigPath}", .. args ?? []], Environment(env));

    /// <summary>This local cloud's settings (ports, state folder), as the pipeline sees them.</summary>
    public Deploy.Build.LocalCloud.LocalCloudSettings Settings => new(StatePath, MotoPort, RegistryPort, PostgresPort);

    /// <summary>The AWS CLI as the local account's owner: the local cloud enforces IAM, and the tests look at everything.</summary>
    public Dictionary<string, string?> AwsCliEnvironment() => EnforcingMotoServer.AdminCliEnvironment(Settings);

    /// <summary>The AWS CLI straight at moto (not through the proxies), as the account owner.</summary>
    public async Task<JsonElement> AwsAsync(params string[] args)
    {
        var result = await Run.ProcessAsync("aws", ["--endpoint-url", $"http://127.0.0.1:{MotoPort}", "--output", "json", .. args], environment: AwsCliEnvironment());
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Output}");
        return string.IsNullOrWhiteSpace(result.StdOut) ? default : JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    /// <summary>An S3 client straight at moto (not through the proxies), as the account owner.</summary>
    public Amazon.S3.AmazonS3Client DirectS3() =>
        Deploy.Build.Aws.S3.S3ClientFactory.Create(Deploy.Build.LocalCloud.LocalCloudIdentities.Admin(Settings, "ap-northeast-1"));

    public string Secret(string name) => File.ReadAllText(Path.Combine(StatePath, "secrets", name)).Trim();

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresPort};Username=app;Password={Secret("postgres-app")};Database=app");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The last lines of a run's output, for assertion messages.</summary>
    public static string Tail(string text) => text.Length > 8000 ? text[^8000..] : text;

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Path.Combine(StatePath, "run")))
        {
            await RunAsync("LocalDown", timeout: TimeSpan.FromMinutes(3));
        }

        if (AwsProxy is not null)
        {
            await AwsProxy.DisposeAsync();
        }

        if (RegistryProxy is not null)
        {
            await RegistryProxy.DisposeAsync();
        }

        _state.Dispose();
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
