using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Deploy.Build.LocalCloud;
using Deploy.Build.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.LocalCloud;

/// <summary>
/// The local cloud with real processes: moto_server, docker-registry and PostgreSQL on free loopback
/// ports under a temporary state folder, through the same classes LocalUp/LocalDown/LocalStatus use.
/// Every test stops what it started (by PID) even when it fails.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalCloudProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly List<LocalCloudSupervisor> _started = [];

    public void Dispose()
    {
        foreach (var cloud in _started)
        {
            cloud.DownAsync(dryRun: false, reset: false).GetAwaiter().GetResult();
        }

        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Up_from_clean_is_healthy_up_again_changes_nothing_and_down_leaves_no_process()
    {
        var cloud = NewCloud();

        var watch = Stopwatch.StartNew();
        var up = await cloud.UpAsync(dryRun: false);
        output.WriteLine($"cold LocalUp (initdb included): {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.All(up, o => Assert.Equal(ServiceAction.Started, o.Action));
        Assert.True(await cloud.IsHealthyAsync());
        var pids = up.Select(o => o.Pid!.Value).ToList();
        Assert.All(pids, pid => Assert.True(OsProcess.IsAlive(pid)));
        var generation = cloud.State.MotoGeneration;
        Assert.False(string.IsNullOrEmpty(generation));

        // The application database answers with the URL other tasks get.
        Assert.Equal("app", await QueryAsync(cloud.State.AppConnectionString, "select current_user"));
        Assert.StartsWith($"postgres://app:", cloud.State.DatabaseUrl, StringComparison.Ordinal);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(cloud.State.SuperuserPasswordFile));

        watch.Restart();
        var again = await cloud.UpAsync(dryRun: false);
        output.WriteLine($"warm LocalUp (all running): {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.All(again, o => Assert.Equal(ServiceAction.AlreadyRunning, o.Action));
        Assert.Equal(pids, again.Select(o => o.Pid!.Value));
        Assert.Equal(generation, cloud.State.MotoGeneration);

        var status = await cloud.StatusAsync();
        Assert.All(status, s => Assert.Equal("running", s.State));
        Assert.Equal(pids, status.Select(s => s.Pid!.Value));
        Assert.All(status, s => Assert.True(File.Exists(s.LogPath), s.LogPath));

        // The pipeline itself, as a user runs it, sees the same state through LOCAL_CLOUD_* variables.
        var pipeline = await Run.PipelineAsync(["--target=LocalStatus"], Environment(cloud.Settings));
        Assert.True(pipeline.ExitCode == 0, pipeline.Output);
        foreach (var s in status)
        {
            Assert.Matches($@"{s.Name}\s+running\s+{s.Pid}\s+127\.0\.0\.1:{s.Port}\s+yes", pipeline.StdOut);
        }

        Assert.Contains(ProcessesUnder(cloud.Settings.StateDirectory), p => p.Contains("postgres: checkpointer", StringComparison.Ordinal));

        var down = await cloud.DownAsync(dryRun: false, reset: false);

        Assert.All(down, o => Assert.Equal(ServiceAction.Stopped, o.Action));
        Assert.All(pids, pid => Assert.False(OsProcess.IsAlive(pid), $"pid {pid} is still alive"));
        Assert.All(cloud.Services, s => Assert.False(HealthProbe.IsPortOpen(s.Port), $"port {s.Port} ({s.Name}) is still open"));
        Assert.All(cloud.Services, s => Assert.False(File.Exists(cloud.Records.PathOf(s.Name))));
        Assert.Empty(ProcessesUnder(cloud.Settings.StateDirectory));

        var downAgain = await cloud.DownAsync(dryRun: false, reset: false);
        Assert.All(downAgain, o => Assert.Equal(ServiceAction.NotRunning, o.Action));

        // A restart keeps the database but is a new moto: other tasks can tell their state is stale.
        var restart = await cloud.UpAsync(dryRun: false);
        Assert.All(restart, o => Assert.Equal(ServiceAction.Started, o.Action));
        Assert.NotEqual(generation, cloud.State.MotoGeneration);
        Assert.Equal("app", await QueryAsync(cloud.State.AppConnectionString, "select current_user"));

        await cloud.DownAsync(dryRun: false, reset: true);
        Assert.False(Directory.Exists(cloud.Settings.StateDirectory));
        Assert.All(restart, o => Assert.False(OsProcess.IsAlive(o.Pid!.Value)));
    }

    [SkippableFact]
    public async Task A_stale_pid_file_is_removed_and_the_service_started_again()
    {
        var cloud = NewCloud();
        var records = cloud.Records;
        int gonePid;
        using (var gone = Deploy.Build.Tools.Processes.ProcessRunner.Start(new("true")))
        {
            await gone.WaitForExitAsync();
            gonePid = gone.Id;
        }

        records.Write(new ServiceRecord("moto", gonePid, 1, cloud.Settings.MotoPort, LaunchStrategy.Process, null, DateTimeOffset.UtcNow));

        var status = await cloud.StatusAsync();
        Assert.Equal("stopped (stale PID file)", status.Single(s => s.Name == "moto").State);

        var up = await cloud.UpAsync(dryRun: false);

        var moto = up.Single(o => o.Name == "moto");
        Assert.Equal(ServiceAction.Started, moto.Action);
        Assert.NotEqual(gonePid, moto.Pid);
        Assert.True(await cloud.IsHealthyAsync());
        await cloud.DownAsync(dryRun: false, reset: false);
        Assert.All(up, o => Assert.False(OsProcess.IsAlive(o.Pid!.Value)));
    }

    [SkippableFact]
    public async Task A_pid_file_naming_an_unrelated_live_process_is_never_signalled()
    {
        var cloud = NewCloud();
        // Our own PID with another start time: the PID was reused by a process that is not moto.
        cloud.Records.Write(new ServiceRecord(
            "moto", System.Environment.ProcessId, 1, cloud.Settings.MotoPort, LaunchStrategy.Process, null, DateTimeOffset.UtcNow));

        var down = await cloud.DownAsync(dryRun: false, reset: false);

        Assert.All(down, o => Assert.Equal(ServiceAction.NotRunning, o.Action));
        Assert.False(File.Exists(cloud.Records.PathOf("moto")));
    }

    [SkippableFact]
    public async Task A_port_held_by_another_program_is_a_clear_error_and_nothing_starts()
    {
        var cloud = NewCloud();
        using var squatter = new TcpListener(IPAddress.Loopback, cloud.Settings.RegistryPort);
        squatter.Start();

        var ex = await Assert.ThrowsAsync<LocalCloudException>(() => cloud.UpAsync(dryRun: false));

        Assert.Contains($"Port {cloud.Settings.RegistryPort} for registry is already in use", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LOCAL_CLOUD_REGISTRY_PORT", ex.Message, StringComparison.Ordinal);
        Assert.All(cloud.Services, s => Assert.Null(cloud.Records.Read(s.Name)));
        Assert.False(HealthProbe.IsPortOpen(cloud.Settings.MotoPort));
        Assert.False(HealthProbe.IsPortOpen(cloud.Settings.PostgresPort));
    }

    [SkippableFact]
    public async Task A_dry_run_up_reports_what_it_would_start_and_starts_nothing()
    {
        var cloud = NewCloud();

        var up = await cloud.UpAsync(dryRun: true);

        Assert.All(up, o => Assert.Equal(ServiceAction.WouldStart, o.Action));
        Assert.All(cloud.Services, s => Assert.False(HealthProbe.IsPortOpen(s.Port)));
        Assert.False(Directory.Exists(cloud.Settings.RunDirectory));
    }

    [SkippableFact]
    public async Task Docker_not_answering_is_one_line_saying_how_to_start_it()
    {
        Requirements.Tool("docker");
        var unreachable = new DockerEngine(name => ProcessRunner.Locate(name), new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "unix://" + Path.Combine(_dir.Path, "no-docker.sock"),
        });

        var problem = await unreachable.ProblemAsync();

        Assert.NotNull(problem);
        Assert.StartsWith("Docker is not running: run ./build.sh --target=Setup (it starts the engine as root", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
        Assert.Contains("Docker Desktop", problem, StringComparison.Ordinal);
    }

    private LocalCloudSupervisor NewCloud()
    {
        foreach (var tool in new[] { "moto_server", "docker-registry", "initdb", "setsid" })
        {
            Requirements.Tool(tool);
        }

        var settings = new LocalCloudSettings(
            Path.Combine(_dir.Path, ".local-cloud"), MotoServer.FreePort(), MotoServer.FreePort(), MotoServer.FreePort())
        {
            EdgePort = MotoServer.FreePort(),
            AlbPort = MotoServer.FreePort(),
        };
        var cloud = new LocalCloudSupervisor(settings, name => ProcessRunner.Locate(name), output.WriteLine);
        _started.Add(cloud);
        return cloud;
    }

    private static Dictionary<string, string?> Environment(LocalCloudSettings settings) => new()
    {
        [EnvVars.LocalCloudStateDir] = settings.StateDirectory,
        [EnvVars.LocalCloudMotoPort] = settings.MotoPort.ToString(CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudRegistryPort] = settings.RegistryPort.ToString(CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudPostgresPort] = settings.PostgresPort.ToString(CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudEdgePort] = settings.EdgePort.ToString(CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudAlbPort] = settings.AlbPort.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task<string?> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Processes that belong to the state folder: their command line names it, or they run in it
    /// (PostgreSQL's children rename themselves but keep the data folder as working directory).
    /// </summary>
    private static List<string> ProcessesUnder(string stateDirectory) =>
        Directory.GetDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d => Describe(d))
            .Where(p => p.Contains(stateDirectory, StringComparison.Ordinal))
            .ToList();

    private static string Describe(string procDir)
    {
        try
        {
            var cmdline = File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' ');
            var cwd = new FileInfo(Path.Combine(procDir, "cwd")).LinkTarget ?? string.Empty;
            return $"{Path.GetFileName(procDir)}: {cmdline} (in {cwd})";
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
