using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Wafv2;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// Keeps the running edge in step with the control plane: reads the distribution and its load balancer from moto (as
/// the account owner: CloudFront and ELB read their own configuration), renders nginx's configuration, checks it with
/// <c>nginx -t</c> and reloads nginx gracefully (SIGHUP: new workers take new connections, old ones finish theirs).
/// </summary>
public sealed class LocalEdge(LocalCloudSettings settings, AwsSettings owner, Action<string> log)
{
    private const int SigHup = 1;

    private readonly EdgeService _service = new(settings);

    public Uri Url => settings.EdgeUrl;

    /// <summary>Re-reads the distribution; returns what the edge now serves. Writes nothing when nothing changed.</summary>
    public async Task<EdgeSite> RefreshAsync(string distributionId, CancellationToken cancellationToken = default)
    {
        EdgeSite site;
        using (var cloudFront = new CloudFrontClient(owner))
        using (var elbv2 = new Elbv2Client(owner))
        using (var wafv2 = new Wafv2Client(owner with { Region = Wafv2Client.CloudFrontRegion }))
        {
            site = await EdgeSiteReader.ReadAsync(cloudFront, elbv2, wafv2, distributionId, cancellationToken).ConfigureAwait(false);
        }

        await ApplyAsync(NginxEdgeConfig.Render(site, _service.Listen), cancellationToken).ConfigureAwait(false);
        return site;
    }

    private async Task ApplyAsync(string config, CancellationToken cancellationToken)
    {
        await _service.PrepareAsync(LaunchStrategy.Process, null, cancellationToken).ConfigureAwait(false);
        if (File.Exists(_service.ConfigPath) && await File.ReadAllTextAsync(_service.ConfigPath, cancellationToken).ConfigureAwait(false) == config)
        {
            return;
        }

        var candidate = _service.ConfigPath + ".next";
        WritePrivate(candidate, config);
        if (_service.LocateBinary(name => ProcessRunner.Locate(name)) is { } nginx)
        {
            var test = await ProcessRunner.RunAsync(new ProcessSpec(nginx, "-t", "-q", "-p", settings.EdgeDirectory, "-c", candidate)
            {
                Timeout = TimeSpan.FromSeconds(20),
            }, cancellationToken).ConfigureAwait(false);
            if (!test.Succeeded)
            {
                throw new LocalCloudException($"the edge configuration rendered from the control plane is invalid (kept in {candidate}): {test.ErrorLine}");
            }
        }

        File.Move(candidate, _service.ConfigPath, overwrite: true);
        var record = new ServiceRecords(settings.RunDirectory).Read(_service.Name);
        if (record is { Strategy: LaunchStrategy.Process } && OsProcess.IsAlive(record.Pid) && OsProcess.StartTime(record.Pid) == record.StartTime)
        {
            OsProcess.Signal(record.Pid, SigHup);
            log($"edge: reloaded {_service.ConfigPath}");
        }
        else
        {
            log($"edge: not running (LocalUp starts it); it will serve {_service.ConfigPath} when it starts");
        }
    }

    /// <summary>Written mode 600: the configuration holds the origin's secret header.</summary>
    public static void WritePrivate(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
