using System.Globalization;
using System.Net;
using System.Text;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// The CNCF distribution registry (Debian's docker-registry): where local "ECR" pushes go. Its config
/// is written under .local-cloud/registry; images are stored beside it; deletes are enabled.
/// </summary>
public sealed class RegistryService(LocalCloudSettings settings) : LocalService(settings)
{
    public const string Image = "registry:2";

    public override string Name => "registry";

    public override int Port => Settings.RegistryPort;

    public override string PortVariable => EnvVars.LocalCloudRegistryPort;

    public override string Binary => "docker-registry";

    public override string InstallHint => "apt-get install docker-registry";

    public string ConfigPath => Path.Combine(Settings.RegistryDirectory, "config.yml");

    public string StorageDirectory => Path.Combine(Settings.RegistryDirectory, "data");

    /// <summary>The registry configuration: 127.0.0.1 only, filesystem storage, deletes, optional htpasswd.</summary>
    public static string RenderConfig(LocalCloudSettings settings, string storageDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var yaml = new StringBuilder()
            .AppendLine("# Written by ./build.sh --target=LocalUp; changes are overwritten.")
            .AppendLine("version: 0.1")
            .AppendLine("log:")
            .AppendLine("  level: info")
            .AppendLine("  fields:")
            .AppendLine("    service: local-cloud-registry")
            .AppendLine("storage:")
            .AppendLine("  filesystem:")
            .AppendLine(CultureInfo.InvariantCulture, $"    rootdirectory: {Quote(storageDirectory)}")
            .AppendLine("  delete:")
            .AppendLine("    enabled: true")
            .AppendLine("http:")
            .AppendLine(CultureInfo.InvariantCulture, $"  addr: {settings.RegistryAddress}")
            .AppendLine("  headers:")
            .AppendLine("    X-Content-Type-Options: [nosniff]");
        if (settings.RegistryHtpasswdFile is { } htpasswd)
        {
            yaml.AppendLine("auth:")
                .AppendLine("  htpasswd:")
                .AppendLine("    realm: local-cloud")
                .AppendLine(CultureInfo.InvariantCulture, $"    path: {Quote(htpasswd)}");
        }

        return yaml.ToString();
    }

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        await HealthProbe.StatusAsync(new Uri($"http://{Settings.RegistryAddress}/v2/"), cancellationToken).ConfigureAwait(false)
            is HttpStatusCode.OK or HttpStatusCode.Unauthorized;

    public override Task PrepareAsync(LaunchStrategy strategy, string? binary, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StorageDirectory);
        var config = RenderConfig(Settings, StorageDirectory);
        if (!File.Exists(ConfigPath) || File.ReadAllText(ConfigPath) != config)
        {
            File.WriteAllText(ConfigPath, config);
        }

        return Task.CompletedTask;
    }

    public override ProcessCommand ProcessCommand(string binary) => new([binary, "serve", ConfigPath], new Dictionary<string, string>());

    // The image's entrypoint serves a *.yml argument; the state folder is mounted at the same path so the config's paths hold.
    public override ContainerCommand ContainerCommand()
    {
        var volumes = new Dictionary<string, string> { [Settings.RegistryDirectory] = Settings.RegistryDirectory };
        if (Settings.RegistryHtpasswdFile is { } htpasswd)
        {
            volumes[htpasswd] = htpasswd + ":ro";
        }

        return new ContainerCommand(Image, [ConfigPath]) { Volumes = volumes };
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
