using System.Globalization;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// Ports and folders of the embedded local cloud. Everything binds to 127.0.0.1; state lives under
/// the git-ignored .local-cloud folder. Ports can be moved with LOCAL_CLOUD_*_PORT variables.
/// </summary>
public sealed record LocalCloudSettings(string StateDirectory, int MotoPort, int RegistryPort, int PostgresPort)
{
    public const string Host = "127.0.0.1";

    public Uri MotoEndpoint => new($"http://{Host}:{MotoPort}");

    /// <summary>Where local "ECR" pushes go: host:port of the CNCF distribution registry.</summary>
    public string RegistryAddress => $"{Host}:{RegistryPort}";

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    public static LocalCloudSettings FromEnvironment(string repositoryRoot) => new(
        Path.Combine(repositoryRoot, Paths.LocalCloudDir),
        Port(EnvVars.LocalCloudMotoPort, 4566),
        Port(EnvVars.LocalCloudRegistryPort, 5050),
        Port(EnvVars.LocalCloudPostgresPort, 55432));

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : fallback;
}
