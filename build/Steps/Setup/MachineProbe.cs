using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Steps.Setup;

/// <summary>How the Docker engine answers the CLI.</summary>
public enum EngineState
{
    /// <summary>`docker info` works.</summary>
    Running,

    /// <summary>No engine answers (no socket, nothing listening).</summary>
    NotRunning,

    /// <summary>An engine runs but this user may not use its socket (not in the docker group).</summary>
    PermissionDenied,
}

/// <summary>What the set-up needs to know about the machine, read once (<see cref="ReadAsync"/>); the plan is made from it alone.</summary>
public sealed record MachineProbe
{
    public bool IsLinux { get; init; } = true;

    public bool IsRoot { get; init; }

    /// <summary>`sudo -n true` works (asked only when not root).</summary>
    public bool PasswordlessSudo { get; init; }

    public bool HasApt { get; init; }

    /// <summary>systemd is the init system (/run/systemd/system): the engine starts as its unit.</summary>
    public bool HasSystemd { get; init; }

    /// <summary>Full path of setsid (util-linux), for a dockerd started detached.</summary>
    public string? Setsid { get; init; }

    public bool DockerCli { get; init; }

    public EngineState Engine { get; init; } = EngineState.NotRunning;

    /// <summary>The user to add to the docker group (SUDO_USER, else USER).</summary>
    public string User { get; init; } = "user";

    /// <summary>The programs of <see cref="SystemPackages.All"/> that were found.</summary>
    public IReadOnlySet<string> Present { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Has(string program) => Present.Contains(program);

    /// <summary>Reads the machine: programs on PATH, privileges, init system, and whether the Docker engine answers.</summary>
    public static async Task<MachineProbe> ReadAsync(Func<string, string?> locate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locate);
        var present = SystemPackages.All.Select(p => p.Program).Where(p => Found(p, locate)).ToHashSet(StringComparer.Ordinal);
        var docker = locate("docker");
        var isRoot = OsProcess.IsRoot;
        var sudo = !isRoot && locate("sudo") is { } sudoPath
                   && (await ProcessRunner.RunAsync(sudoPath, ["-n", "true"], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false)).Succeeded;
        return new MachineProbe
        {
            IsLinux = OperatingSystem.IsLinux(),
            IsRoot = isRoot,
            PasswordlessSudo = sudo,
            HasApt = locate("apt-get") is not null,
            HasSystemd = Directory.Exists("/run/systemd/system") && locate("systemctl") is not null,
            Setsid = locate("setsid"),
            DockerCli = docker is not null,
            Engine = docker is null ? EngineState.NotRunning : await EngineAsync(docker, cancellationToken).ConfigureAwait(false),
            User = Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } sudoUser ? sudoUser : Environment.UserName,
            Present = present,
        };
    }

    /// <summary>The engine's state as the docker CLI sees it.</summary>
    public static async Task<EngineState> EngineAsync(string docker, CancellationToken cancellationToken = default)
    {
        var info = await ProcessRunner.RunAsync(docker, ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        return info.Succeeded ? EngineState.Running
            : info.Output.Contains("permission denied", StringComparison.OrdinalIgnoreCase) ? EngineState.PermissionDenied
            : EngineState.NotRunning;
    }

    private static bool Found(string program, Func<string, string?> locate) =>
        locate(program) is not null
        || (program == "initdb" && Directory.Exists(SystemPackages.PostgresLibDirectory)
            && Directory.GetDirectories(SystemPackages.PostgresLibDirectory).Any(d => File.Exists(Path.Combine(d, "bin", "initdb"))));
}
