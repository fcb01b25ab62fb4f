using System.Globalization;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// nginx (Debian's nginx-light) as the local edge: the CloudFront stand-in on <see cref="LocalCloudSettings.EdgePort"/> and
/// the ALB stand-in on <see cref="LocalCloudSettings.AlbPort"/>, both on loopback. Started by LocalUp with the idle
/// configuration (503 until a distribution exists); <see cref="LocalEdge"/> rewrites it from the control plane and reloads.
/// </summary>
public sealed class EdgeService(LocalCloudSettings settings) : LocalService(settings)
{
    public const string Image = "nginx:stable";

    public override string Name => "edge";

    public override int Port => Settings.EdgePort;

    public override string PortVariable => EnvVars.LocalCloudEdgePort;

    public override string Binary => "nginx";

    public override string InstallHint => "apt-get install nginx-light";

    /// <summary>SIGQUIT: nginx's graceful shutdown (workers finish the requests they serve).</summary>
    public override int StopSignal => 3;

    public override TimeSpan StartTimeout => TimeSpan.FromSeconds(30);

    public string ConfigPath => Path.Combine(Settings.EdgeDirectory, "nginx.conf");

    public EdgeListen Listen => new(Settings.EdgePort, Settings.AlbPort, Settings.AwsEndpoint, Settings.EdgeDirectory);

    /// <summary>nginx lives in /usr/sbin, which a user's PATH may not hold.</summary>
    public override string? LocateBinary(Func<string, string?> locate)
    {
        ArgumentNullException.ThrowIfNull(locate);
        return locate(Binary) ?? (File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);
    }

    /// <summary>Any HTTP answer from the edge port is nginx serving (503 until a distribution is deployed).</summary>
    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        await HealthProbe.StatusAsync(Settings.EdgeUrl, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Writes the idle configuration unless one from the control plane is already there (a restart keeps serving it).</summary>
    public override Task PrepareAsync(LaunchStrategy strategy, string? binary, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(Settings.EdgeDirectory, "tmp", folder));
        }

        if (!File.Exists(ConfigPath))
        {
            LocalEdge.WritePrivate(ConfigPath, NginxEdgeConfig.Render(null, Listen));
        }

        return Task.CompletedTask;
    }

    public override ProcessCommand ProcessCommand(string binary) =>
        new([binary, "-p", Settings.EdgeDirectory, "-c", ConfigPath, "-g", "daemon off;"], new Dictionary<string, string>());

    public override ContainerCommand ContainerCommand() =>
        new(Image, ["nginx", "-p", Settings.EdgeDirectory, "-c", ConfigPath, "-g", "daemon off;"])
        {
            Volumes = new Dictionary<string, string> { [Settings.EdgeDirectory] = Settings.EdgeDirectory },
        };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"edge on {Address} (ALB stand-in {LocalCloudSettings.Host}:{Settings.AlbPort})");
}
