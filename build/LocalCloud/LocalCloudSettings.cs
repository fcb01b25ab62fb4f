using System.Globalization;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// Ports and folders of the embedded local cloud. Everything binds to 127.0.0.1; state lives under
/// the git-ignored .local-cloud folder. Ports can be moved with LOCAL_CLOUD_*_PORT variables, the
/// folder with LOCAL_CLOUD_STATE_DIR.
/// </summary>
public sealed record LocalCloudSettings(string StateDirectory, int MotoPort, int RegistryPort, int PostgresPort)
{
    public const string Host = "127.0.0.1";

    /// <summary>
    /// The address the local smoke test connects from: loopback, but outside the local root's WAF allow list
    /// (127.0.0.1/32), as a CI runner is outside staging's; so every local deploy proves the smoke test's bypass.
    /// </summary>
    public const string SmokeTestSourceAddress = "127.0.0.2";

    /// <summary>The local cloud's account: where the local environment lives (moto's default account).</summary>
    public const string AccountId = "123456789012";

    /// <summary>A second account, standing in for production's in promotion tests (staging and production are separate accounts).</summary>
    public const string SecondAccountId = "210987654321";

    /// <summary>The repository the local roles trust (what GITHUB_REPOSITORY would be); the local root gets it as TF_VAR_github_repository.</summary>
    public const string GitHubRepository = "example/deploy-pipeline";

    /// <summary>Keys of each account's bootstrap administrator, written by moto at start (mode 600; moto_iam.py).</summary>
    public string BootstrapFile => Path.Combine(MotoDirectory, "bootstrap.json");

    /// <summary>Where moto listens (health checks, LocalUp/LocalDown).</summary>
    public Uri MotoEndpoint => new($"http://{Host}:{MotoPort}");

    /// <summary>Where the registry listens: host:port of the CNCF distribution registry.</summary>
    public string RegistryAddress => $"{Host}:{RegistryPort}";

    /// <summary>
    /// Where the pipeline (and Terraform) send AWS calls: moto, unless LOCAL_CLOUD_AWS_ENDPOINT puts something
    /// in between (a debugging proxy, the fault-injecting proxy of the reliability tests).
    /// </summary>
    public Uri AwsEndpoint => AwsEndpointOverride ?? MotoEndpoint;

    /// <summary>Where local "ECR" pushes and pulls go (host:port): the registry, unless LOCAL_CLOUD_REGISTRY_ENDPOINT says otherwise.</summary>
    public string RegistryEndpoint => RegistryEndpointOverride ?? RegistryAddress;

    public Uri? AwsEndpointOverride { get; init; }

    public string? RegistryEndpointOverride { get; init; }

    /// <summary>
    /// Optional htpasswd file (bcrypt entries) for the local registry. Null (the default): no auth.
    /// Set it (or LOCAL_CLOUD_REGISTRY_HTPASSWD) to make the registry ask for basic auth, as ECR does.
    /// </summary>
    public string? RegistryHtpasswdFile { get; init; }

    public const int DefaultEdgePort = 8080;
    public const int DefaultAlbPort = 8081;

    /// <summary>The edge's CloudFront stand-in: where users open the app.</summary>
    public int EdgePort { get; init; } = DefaultEdgePort;

    /// <summary>The edge's ALB stand-in (what CloudFront's custom origin reaches).</summary>
    public int AlbPort { get; init; } = DefaultAlbPort;

    public Uri EdgeUrl => new($"http://{Host}:{EdgePort}/");

    public string EdgeDirectory => Path.Combine(StateDirectory, "edge");

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    /// <summary>PID/tracking files of the running services.</summary>
    public string RunDirectory => Path.Combine(StateDirectory, "run");

    /// <summary>Generated passwords (mode 600); never printed.</summary>
    public string SecretsDirectory => Path.Combine(StateDirectory, "secrets");

    public string MotoDirectory => Path.Combine(StateDirectory, "moto");

    public string RegistryDirectory => Path.Combine(StateDirectory, "registry");

    public string PostgresDirectory => Path.Combine(StateDirectory, "postgres");

    public string LogPath(string service) => Path.Combine(LogDirectory, service + ".log");

    /// <summary>The PID of a dockerd the set-up started (Setup; the engine is not a local cloud service: LocalDown leaves it).</summary>
    public string DockerdPidFile => Path.Combine(RunDirectory, "dockerd.pid");

    public string DockerdLog => LogPath("dockerd");

    public static LocalCloudSettings FromEnvironment(string repositoryRoot) => new(
        StateDirectoryFromEnvironment(repositoryRoot),
        Port(EnvVars.LocalCloudMotoPort, 4566),
        Port(EnvVars.LocalCloudRegistryPort, 5050),
        Port(EnvVars.LocalCloudPostgresPort, 55432))
    {
        EdgePort = Port(EnvVars.LocalCloudEdgePort, DefaultEdgePort),
        AlbPort = Port(EnvVars.LocalCloudAlbPort, DefaultAlbPort),
        RegistryHtpasswdFile = NullIfEmpty(Environment.GetEnvironmentVariable(EnvVars.LocalCloudRegistryHtpasswd)),
        AwsEndpointOverride = EndpointUri(EnvVars.LocalCloudAwsEndpoint, Environment.GetEnvironmentVariable(EnvVars.LocalCloudAwsEndpoint)),
        RegistryEndpointOverride = HostAndPort(EnvVars.LocalCloudRegistryEndpoint, Environment.GetEnvironmentVariable(EnvVars.LocalCloudRegistryEndpoint)),
    };

    /// <summary>An http(s) endpoint with no path, or null when unset; anything else is a one-line error.</summary>
    public static Uri? EndpointUri(string variable, string? text) => NullIfEmpty(text) switch
    {
        null => null,
        var value when Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" => uri,
        var value => throw new LocalCloudException($"{variable}={value} is not an http(s) endpoint like http://127.0.0.1:4566"),
    };

    /// <summary>A host:port (how Docker names a registry), or null when unset; anything else is a one-line error.</summary>
    public static string? HostAndPort(string variable, string? text) => NullIfEmpty(text) switch
    {
        null => null,
        var value when Uri.TryCreate("http://" + value, UriKind.Absolute, out var uri) && uri.Authority == value && value.Contains(':', StringComparison.Ordinal) => value,
        var value => throw new LocalCloudException($"{variable}={value} is not a host:port like 127.0.0.1:5050"),
    };

    private static string StateDirectoryFromEnvironment(string repositoryRoot) =>
        NullIfEmpty(Environment.GetEnvironmentVariable(EnvVars.LocalCloudStateDir)) is { } dir
            ? Path.GetFullPath(dir, repositoryRoot)
            : Path.Combine(repositoryRoot, Paths.LocalCloudDir);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : fallback;
}
