using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud;

/// <summary>How to run a service's own binary: its arguments (after the program) and extra environment.</summary>
public sealed record ProcessCommand(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);

/// <summary>How to run a service from its usual image with docker run --network host.</summary>
public sealed record ContainerCommand(string Image, IReadOnlyList<string> Arguments)
{
    public string? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Passed to docker as -e NAME with the value in docker's environment, never in its arguments.</summary>
    public IReadOnlyDictionary<string, string> SecretEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Host path to container path.</summary>
    public IReadOnlyDictionary<string, string> Volumes { get; init; } = new Dictionary<string, string>();
}

/// <summary>One service of the local cloud: its port, how to prepare, start, health-check and stop it.</summary>
public abstract class LocalService(LocalCloudSettings settings)
{
    public LocalCloudSettings Settings { get; } = settings;

    /// <summary>Short name used for logs, PID files and messages (moto, registry, postgres).</summary>
    public abstract string Name { get; }

    public abstract int Port { get; }

    /// <summary>The LOCAL_CLOUD_*_PORT variable that moves this service to another port.</summary>
    public abstract string PortVariable { get; }

    /// <summary>The program on PATH that runs the service natively.</summary>
    public abstract string Binary { get; }

    /// <summary>How a user gets the binary (shown when neither it nor Docker is available).</summary>
    public abstract string InstallHint { get; }

    public virtual int StopSignal => OsProcess.SigTerm;

    public virtual TimeSpan StopGrace => TimeSpan.FromSeconds(20);

    public virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(120);

    public string LogPath => Settings.LogPath(Name);

    public string Address => $"{LocalCloudSettings.Host}:{Port}";

    /// <summary>The binary's full path, or null when this machine lacks it (or a helper it needs).</summary>
    public virtual string? LocateBinary(Func<string, string?> locate)
    {
        ArgumentNullException.ThrowIfNull(locate);
        return locate(Binary);
    }

    public abstract Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>Writes configuration and initialises data before a start (idempotent).</summary>
    public virtual Task PrepareAsync(LaunchStrategy strategy, string? binary, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ProcessCommand ProcessCommand(string binary);

    public abstract ContainerCommand ContainerCommand();

    /// <summary>Runs once the service is healthy, after a fresh start or when it was already running.</summary>
    public virtual Task OnHealthyAsync(bool freshStart, CancellationToken cancellationToken) => Task.CompletedTask;
}
