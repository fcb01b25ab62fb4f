using System.Globalization;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// The fallback when a service's binary is missing: the usual image (motoserver/moto, registry:2,
/// postgres:15) with docker run -d --network host, bound to 127.0.0.1 by its arguments. Tracked by
/// container id (the PID shown is the container's main process); logs via docker logs, copied to
/// .local-cloud/logs/NAME.log when it stops.
/// </summary>
public sealed class ContainerLauncher(string docker) : IServiceLauncher
{
    public LaunchStrategy Strategy => LaunchStrategy.Container;

    public static string ContainerName(LocalService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"local-cloud-{service.Name}-{service.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The docker run argument list (secrets are passed by name only: -e NAME, value from our environment).</summary>
    public static IReadOnlyList<string> RunArguments(LocalService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var command = service.ContainerCommand();
        var args = new List<string> { "run", "-d", "--name", ContainerName(service), "--network", "host" };
        foreach (var (key, value) in command.Environment)
        {
            args.Add("-e");
            args.Add($"{key}={value}");
        }

        foreach (var key in command.SecretEnvironment.Keys)
        {
            args.Add("-e");
            args.Add(key);
        }

        foreach (var (host, container) in command.Volumes)
        {
            args.Add("-v");
            args.Add($"{host}:{container}");
        }

        if (command.Entrypoint is not null)
        {
            args.Add("--entrypoint");
            args.Add(command.Entrypoint);
        }

        args.Add(command.Image);
        args.AddRange(command.Arguments);
        return args;
    }

    public Task PrepareAsync(LocalService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.PrepareAsync(Strategy, null, cancellationToken);
    }

    public async Task<ServiceRecord> StartAsync(LocalService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await ProcessRunner.RunAsync(docker, ["rm", "-f", ContainerName(service)], cancellationToken: cancellationToken).ConfigureAwait(false);
        var run = await ProcessRunner.RunAsync(docker, RunArguments(service), service.ContainerCommand().SecretEnvironment,
            TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        if (!run.Succeeded)
        {
            throw new LocalCloudException($"docker run {service.ContainerCommand().Image} for {service.Name} failed: {run.Tail()}");
        }

        var id = run.Output.Trim().Split('\n')[^1].Trim();
        var inspect = await ProcessRunner.RunAsync(docker, ["inspect", "-f", "{{.State.Pid}}", id], cancellationToken: cancellationToken).ConfigureAwait(false);
        _ = int.TryParse(inspect.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid);
        return new ServiceRecord(service.Name, pid, null, service.Port, Strategy, id, DateTimeOffset.UtcNow);
    }

    public async Task<bool> IsRunningAsync(ServiceRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.ContainerId is null)
        {
            return false;
        }

        var inspect = await ProcessRunner.RunAsync(docker, ["inspect", "-f", "{{.State.Running}}", record.ContainerId], cancellationToken: cancellationToken).ConfigureAwait(false);
        return inspect.Succeeded && inspect.Output.Trim() == "true";
    }

    public async Task<bool> StopAsync(LocalService service, ServiceRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(record);
        var id = record.ContainerId ?? ContainerName(service);
        var logs = await ProcessRunner.RunAsync(docker, ["logs", id], cancellationToken: cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(service.LogPath, logs.Output, cancellationToken).ConfigureAwait(false);
        var grace = ((int)service.StopGrace.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var stop = await ProcessRunner.RunAsync(docker, ["stop", "-t", grace, id], timeout: service.StopGrace + TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunAsync(docker, ["rm", "-f", id], cancellationToken: cancellationToken).ConfigureAwait(false);
        return stop.Succeeded;
    }
}
