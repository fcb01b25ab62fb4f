using System.Globalization;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// Starts the service's own binary detached from the pipeline (setsid --fork, stdin from /dev/null,
/// output appended to .local-cloud/logs/NAME.log), so it outlives the run; tracks it by PID and start time.
/// </summary>
/// <remarks>Made with no binary, it can only recognise and stop what an earlier run started.</remarks>
public sealed class ProcessLauncher(string setsid, string? binary) : IServiceLauncher
{
    // sh records its own PID, then execs the program (same PID) with the log as stdout and stderr.
    private const string Script = "echo $$ > \"$1\"; log=\"$2\"; shift 2; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    /// <summary>
    /// The command line that starts <paramref name="command"/> detached (its own session, stdin from /dev/null, output
    /// appended to <paramref name="logPath"/>) and writes its PID to <paramref name="pidFile"/>; setsid returns at once.
    /// </summary>
    public static IReadOnlyList<string> DetachedCommand(string setsid, string pidFile, string logPath, IEnumerable<string> command) =>
        [setsid, "--fork", "/bin/sh", "-c", Script, "sh", pidFile, logPath, .. command];

    public LaunchStrategy Strategy => LaunchStrategy.Process;

    public Task PrepareAsync(LocalService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.PrepareAsync(Strategy, binary, cancellationToken);
    }

    public async Task<ServiceRecord> StartAsync(LocalService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var command = service.ProcessCommand(binary ?? throw new InvalidOperationException("no binary to start"));
        var pidFile = Path.Combine(service.Settings.RunDirectory, service.Name + ".starting");
        Directory.CreateDirectory(service.Settings.RunDirectory);
        File.Delete(pidFile);

        // setsid forks and returns at once; the forked shell lets go of the output pipes when it execs the service.
        var detached = DetachedCommand(setsid, pidFile, service.LogPath, command.Arguments);
        var launch = new ProcessSpec(detached[0], [.. detached.Skip(1)])
        {
            WorkingDirectory = service.Settings.StateDirectory,
            Environment = command.Environment.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var launcher = await ProcessRunner.RunAsync(launch, cancellationToken).ConfigureAwait(false);
        if (launcher.ExitCode == ProcessResult.NotFound)
        {
            throw new InvalidOperationException($"could not start {setsid}: {launcher.ErrorLine}");
        }

        var pid = await ReadPidAsync(pidFile, service.Name, cancellationToken).ConfigureAwait(false);
        File.Delete(pidFile);
        return new ServiceRecord(service.Name, pid, OsProcess.StartTime(pid), service.Port, Strategy, null, DateTimeOffset.UtcNow);
    }

    public Task<bool> IsRunningAsync(ServiceRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var alive = OsProcess.IsAlive(record.Pid)
                    && (record.StartTime is null || OsProcess.StartTime(record.Pid) == record.StartTime);
        return Task.FromResult(alive);
    }

    public Task<bool> StopAsync(LocalService service, ServiceRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(record);
        return OsProcess.StopAsync(record.Pid, service.StopSignal, service.StopGrace, cancellationToken);
    }

    private static async Task<int> ReadPidAsync(string pidFile, string name, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidFile)
                && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        throw new LocalCloudException($"{name} did not start: no PID was recorded (is /bin/sh available?).");
    }
}
