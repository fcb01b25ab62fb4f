namespace Deploy.Build.LocalCloud;

/// <summary>How a service's program is started, recognised and stopped: a detached process or a container.</summary>
public interface IServiceLauncher
{
    LaunchStrategy Strategy { get; }

    Task PrepareAsync(LocalService service, CancellationToken cancellationToken);

    Task<ServiceRecord> StartAsync(LocalService service, CancellationToken cancellationToken);

    /// <summary>True while the recorded process (or container) is still the one we started.</summary>
    Task<bool> IsRunningAsync(ServiceRecord record, CancellationToken cancellationToken);

    /// <summary>Stops it cleanly; kills it after the grace period. False when it had to be killed.</summary>
    Task<bool> StopAsync(LocalService service, ServiceRecord record, CancellationToken cancellationToken);
}
