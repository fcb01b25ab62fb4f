using System.Diagnostics;
using System.Globalization;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// Starts, checks and stops the local cloud's services (moto, registry, PostgreSQL). Idempotent: a
/// healthy service is left alone, a stale PID file is removed, a port held by another program is a
/// clear error. Services are started detached and tracked by PID under the state folder.
/// </summary>
public sealed class LocalCloudSupervisor
{
    public const string StateMarker = "README.local-cloud";

    private readonly Func<string, string?> _locate;
    private readonly Action<string> _log;
    private readonly ServiceRecords _records;

    public LocalCloudSupervisor(LocalCloudSettings settings, Func<string, string?> locate, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _locate = locate ?? throw new ArgumentNullException(nameof(locate));
        _log = log ?? (_ => { });
        _records = new ServiceRecords(settings.RunDirectory);
        Services = [new MotoService(settings), new RegistryService(settings), new PostgresService(settings, locate), new Edge.EdgeService(settings)];
        State = new LocalCloudState(settings);
    }

    public LocalCloudSettings Settings { get; }

    public IReadOnlyList<LocalService> Services { get; }

    public LocalCloudState State { get; }

    public ServiceRecords Records => _records;

    /// <summary>The launcher for a service that is not running: its binary when this machine has it, else its image.</summary>
    public static IServiceLauncher ChooseLauncher(LocalService service, Func<string, string?> locate)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(locate);
        if (service.LocateBinary(locate) is { } binary && locate("setsid") is { } setsid)
        {
            return new ProcessLauncher(setsid, binary);
        }

        return locate("docker") is { } docker
            ? new ContainerLauncher(docker)
            : throw new LocalCloudException(
                $"{service.Name}: {service.Binary} is not installed and Docker is not available for the {service.ContainerCommand().Image} image: {service.InstallHint}, or install Docker.");
    }

    public async Task<IReadOnlyList<ServiceOutcome>> UpAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        if (!dryRun)
        {
            Directory.CreateDirectory(Settings.LogDirectory);
            Directory.CreateDirectory(Settings.RunDirectory);
            var marker = Path.Combine(Settings.StateDirectory, StateMarker);
            if (!File.Exists(marker))
            {
                await File.WriteAllTextAsync(marker, "State of the local cloud (moto, registry, PostgreSQL), managed by ./build.sh --target=LocalUp / LocalDown.\n"
                    + "Delete it with ./build.sh --target=LocalDown --reset.\n", cancellationToken).ConfigureAwait(false);
            }
        }

        using var exclusive = await StateLock.AcquireAsync(dryRun ? null : Settings.RunDirectory, cancellationToken).ConfigureAwait(false);
        // Every port and binary is checked before anything starts.
        var plans = await AllAsync(Services.Select(service => PlanUpAsync(service, dryRun, cancellationToken))).ConfigureAwait(false);
        return await AllAsync(plans.Select(plan => UpOneAsync(plan, dryRun, cancellationToken))).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServiceOutcome>> DownAsync(bool dryRun, bool reset, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ServiceOutcome> outcomes;
        using (await StateLock.AcquireAsync(dryRun || !Directory.Exists(Settings.StateDirectory) ? null : Settings.RunDirectory, cancellationToken).ConfigureAwait(false))
        {
            outcomes = await AllAsync(Services.Select(service => DownOneAsync(service, dryRun, cancellationToken))).ConfigureAwait(false);
        }

        if (reset && !dryRun)
        {
            DeleteState();
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<ServiceStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ServiceStatus>();
        foreach (var service in Services)
        {
            var record = _records.Read(service.Name);
            var running = record is not null && await LauncherFor(record).IsRunningAsync(record, cancellationToken).ConfigureAwait(false);
            var healthy = await service.IsHealthyAsync(cancellationToken).ConfigureAwait(false);
            var state = (record, running, healthy) switch
            {
                (not null, true, true) => "running",
                (not null, true, false) => "unhealthy",
                (not null, false, _) => "stopped (stale PID file)",
                (null, _, true) => "answering, but not started by LocalUp",
                _ when HealthProbe.IsPortOpen(service.Port) => $"port in use by another program ({service.PortVariable})",
                _ => "stopped",
            };
            rows.Add(new ServiceStatus(service.Name, service.Port, running ? record!.Pid : null, running ? record!.Strategy : null,
                healthy && running, state, service.LogPath));
        }

        return rows;
    }

    /// <summary>The local cloud is up when every service is tracked, running and healthy.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) =>
        (await StatusAsync(cancellationToken).ConfigureAwait(false)).All(s => s.Healthy);

    /// <summary>
    /// Decides, without changing anything, what to do with one service: leave it (already running),
    /// start it (with which launcher), or refuse (port taken, binary and Docker both missing).
    /// </summary>
    private async Task<UpPlan> PlanUpAsync(LocalService service, bool dryRun, CancellationToken cancellationToken)
    {
        var record = _records.Read(service.Name);
        if (record is not null)
        {
            var existing = LauncherFor(record);
            if (await existing.IsRunningAsync(record, cancellationToken).ConfigureAwait(false))
            {
                return new UpPlan(service, record, existing);
            }

            if (!dryRun)
            {
                _records.Delete(service.Name);
                _log($"{service.Name}: removed a stale PID file (pid {record.Pid.ToString(CultureInfo.InvariantCulture)} is gone)");
            }
        }

        if (HealthProbe.IsPortOpen(service.Port))
        {
            throw new LocalCloudException(
                $"Port {service.Port.ToString(CultureInfo.InvariantCulture)} for {service.Name} is already in use by another program: "
                + $"stop it, or choose a free port with {service.PortVariable}=<port>.");
        }

        return new UpPlan(service, null, ChooseLauncher(service, _locate));
    }

    private async Task<ServiceOutcome> UpOneAsync(UpPlan plan, bool dryRun, CancellationToken cancellationToken)
    {
        var (service, record, launcher) = plan;
        if (record is not null)
        {
            if (!await WaitHealthyAsync(service, launcher, record, cancellationToken).ConfigureAwait(false))
            {
                throw new LocalCloudException(
                    $"{service.Name} (pid {record.Pid.ToString(CultureInfo.InvariantCulture)}) is running but not healthy on {service.Address}: "
                    + $"see {service.LogPath}, or run LocalDown and LocalUp again.");
            }

            if (!dryRun)
            {
                await service.OnHealthyAsync(freshStart: false, cancellationToken).ConfigureAwait(false);
            }

            return Outcome(service, ServiceAction.AlreadyRunning, record);
        }

        if (dryRun)
        {
            return Outcome(service, ServiceAction.WouldStart, null) with { Strategy = launcher.Strategy };
        }

        var watch = Stopwatch.StartNew();
        await launcher.PrepareAsync(service, cancellationToken).ConfigureAwait(false);
        var prepared = watch.Elapsed;
        await File.AppendAllTextAsync(service.LogPath,
            $"==== LocalUp {DateTimeOffset.UtcNow:O}: starting {service.Name} on {service.Address} ({launcher.Strategy}) ====\n",
            cancellationToken).ConfigureAwait(false);
        var started = await launcher.StartAsync(service, cancellationToken).ConfigureAwait(false);
        _records.Write(started);
        if (!await WaitHealthyAsync(service, launcher, started, cancellationToken).ConfigureAwait(false))
        {
            await launcher.StopAsync(service, started, cancellationToken).ConfigureAwait(false);
            _records.Delete(service.Name);
            throw new LocalCloudException(
                $"{service.Name} did not become healthy on {service.Address} within {service.StartTimeout.TotalSeconds:0} s; "
                + $"last log lines: {Tail(service.LogPath)} (full log: {service.LogPath})");
        }

        await service.OnHealthyAsync(freshStart: true, cancellationToken).ConfigureAwait(false);
        _log($"{service.Name}: prepared in {prepared.TotalSeconds:0.0} s, healthy after {watch.Elapsed.TotalSeconds:0.0} s");
        return Outcome(service, ServiceAction.Started, started);
    }

    private async Task<ServiceOutcome> DownOneAsync(LocalService service, bool dryRun, CancellationToken cancellationToken)
    {
        var record = _records.Read(service.Name);
        if (record is null)
        {
            return Outcome(service, ServiceAction.NotRunning, null);
        }

        var launcher = LauncherFor(record);
        if (!await launcher.IsRunningAsync(record, cancellationToken).ConfigureAwait(false))
        {
            if (!dryRun)
            {
                _records.Delete(service.Name);
                _log($"{service.Name}: removed a stale PID file (pid {record.Pid.ToString(CultureInfo.InvariantCulture)} is gone)");
            }

            return Outcome(service, ServiceAction.NotRunning, null);
        }

        if (dryRun)
        {
            return Outcome(service, ServiceAction.WouldStop, record);
        }

        var clean = await launcher.StopAsync(service, record, cancellationToken).ConfigureAwait(false);
        _records.Delete(service.Name);
        return Outcome(service, clean ? ServiceAction.Stopped : ServiceAction.Killed, record);
    }

    /// <summary>Polls the health check until it passes, the process dies, or the start timeout ends.</summary>
    private static async Task<bool> WaitHealthyAsync(LocalService service, IServiceLauncher launcher, ServiceRecord record, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await service.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (watch.Elapsed > service.StartTimeout || !await launcher.IsRunningAsync(record, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(150), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>All services at once (a cold start is as slow as the slowest one); every failure is reported.</summary>
    private static async Task<IReadOnlyList<T>> AllAsync<T>(IEnumerable<Task<T>> work)
    {
        var tasks = work.ToList();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Count(t => t.IsFaulted) > 1)
        {
            var messages = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException().Message);
            throw new LocalCloudException(string.Join(Environment.NewLine, messages));
        }
    }

    private IServiceLauncher LauncherFor(ServiceRecord record) => record.Strategy == LaunchStrategy.Container
        ? new ContainerLauncher(_locate("docker") ?? "docker")
        : new ProcessLauncher(_locate("setsid") ?? "setsid", binary: null);

    private sealed record UpPlan(LocalService Service, ServiceRecord? Running, IServiceLauncher Launcher);

    private static ServiceOutcome Outcome(LocalService service, ServiceAction action, ServiceRecord? record) =>
        new(service.Name, action, service.Port, record?.Pid, record?.Strategy, service.LogPath);

    private void DeleteState()
    {
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Settings.StateDirectory));
        if (!Directory.Exists(dir))
        {
            return;
        }

        if (!File.Exists(Path.Combine(dir, StateMarker)) && Path.GetFileName(dir) != Paths.LocalCloudDir)
        {
            throw new LocalCloudException($"Not deleting {dir}: it does not look like a local cloud state folder (no {StateMarker}).");
        }

        Directory.Delete(dir, recursive: true);
        _log($"deleted {dir}");
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(no log)";
        }

        var lines = File.ReadAllLines(path);
        var start = Array.FindLastIndex(lines, l => l.StartsWith("==== LocalUp", StringComparison.Ordinal));
        return string.Join(" | ", lines.Skip(Math.Max(start + 1, lines.Length - 8)).Where(l => l.Length > 0));
    }
}
