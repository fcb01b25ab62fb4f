using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tools.Docker;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>Knobs of the local data plane.</summary>
/// <param name="Project">Prefix of container names and value of the deploy.project label.</param>
/// <param name="StateDirectory">The local cloud's state folder (services.json, short-lived env files).</param>
/// <param name="HealthTimeout">How long new containers may take to answer their health check (capped by the caller's timeout).</param>
public sealed record LocalDataPlaneSettings(string Project, string StateDirectory, TimeSpan HealthTimeout)
{
    public const string ProjectLabel = "deploy.project";
    public const string ServiceLabel = "deploy.service";
    public const string TaskDefinitionLabel = "deploy.task-definition";
    public const string RevisionLabel = "deploy.revision";
    public const string PortLabel = "deploy.port";
}

/// <summary>
/// The local data plane: runs the task definitions registered in the local control plane (moto) with Docker on
/// loopback. Services get a rolling replace (start new containers, wait for their health check, then stop the
/// old ones; on failure stop the new ones and keep the old, as a circuit-breaker rollback would); one-off tasks
/// run to completion and return their exit code and logs. moto's service record is updated too, so the control
/// plane shows the deploy, but "stable" is decided here by the health checks, not by moto's rolloutState.
/// </summary>
public sealed class LocalDockerPlatform(IEcsClient ecs, ISecretResolver secrets, DockerCli docker, LocalDataPlaneSettings settings, Action<string> log,
    LocalLoadBalancing? balancing = null)
    : IContainerPlatform
{
    private readonly LocalServiceState _state = new(settings.StateDirectory);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public LocalServiceState State => _state;

    public async Task<OneOffTaskResult> RunOneOffTaskAsync(OneOffTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var definition = await DescribeAsync(request.TaskDefinitionArn, cancellationToken).ConfigureAwait(false);
        var spec = LocalContainerSpec.From(definition, request.ContainerName);
        var name = $"{settings.Project}-local-oneoff-{TaskDefinitionRenderer.Family(definition)}-{Guid.NewGuid().ToString("N")[..8]}";
        var labels = new Dictionary<string, string>
        {
            [LocalDataPlaneSettings.ProjectLabel] = settings.Project,
            [LocalDataPlaneSettings.TaskDefinitionLabel] = TaskDefinitionRenderer.Arn(definition) ?? request.TaskDefinitionArn,
        };
        var env = await EnvironmentAsync(spec, [new("HOST", "127.0.0.1")], cancellationToken).ConfigureAwait(false);
        var started = await StartAsync(spec, name, labels, env, request.Command, cancellationToken).ConfigureAwait(false);
        if (started.ExitCode != 0)
        {
            await docker.RemoveAsync([name], CancellationToken.None).ConfigureAwait(false);
            return new OneOffTaskResult(false, null, DockerException.FirstErrorLine(started), [], clock.Elapsed);
        }

        log($"started one-off container {name} ({TaskDefinitionRenderer.Describe(definition)})");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(request.Timeout);
            int? exitCode = null;
            string? reason = null;
            try
            {
                var waited = await docker.CheckedAsync("wait", ["wait", name], timeout.Token).ConfigureAwait(false);
                exitCode = int.Parse(waited.Split('\n')[^1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await docker.RunAsync(["kill", name], CancellationToken.None).ConfigureAwait(false);
                reason = $"timed out after {request.Timeout.TotalMinutes:0.#} min (task stopped)";
            }

            var lines = await docker.LogsAsync(name, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return new OneOffTaskResult(true, exitCode, reason, lines, clock.Elapsed);
        }
        finally
        {
            await docker.RemoveAsync([name], CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task<ServiceRolloutResult> DeployServiceAsync(ServiceTarget service, string taskDefinitionArn, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var clock = Stopwatch.StartNew();
        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]), cancellationToken)
            .ConfigureAwait(false);
        var previous = described.Services is { Count: > 0 } found ? found[0].TaskDefinition : null;
        var group = await TargetGroupAsync(service, described.Services, cancellationToken).ConfigureAwait(false);
        var check = group?.HealthCheck ?? TargetHealthCheck.Container(service.HealthPath);
        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, taskDefinitionArn), cancellationToken)
            .ConfigureAwait(false);
        var desired = updated.Service?.DesiredCount ?? 1;
        var definition = await DescribeAsync(taskDefinitionArn, cancellationToken).ConfigureAwait(false);
        var revision = TaskDefinitionRenderer.Revision(definition);
        var arn = TaskDefinitionRenderer.Arn(definition) ?? taskDefinitionArn;

        var existing = await ContainersAsync(service, cancellationToken).ConfigureAwait(false);
        var same = existing.Where(c => c.TaskDefinition == arn && c.Running).ToList();
        if (same.Count == desired && await AllHealthyAsync(check, same, cancellationToken).ConfigureAwait(false))
        {
            await RegisterAsync(group, same, cancellationToken).ConfigureAwait(false);
            await DrainAsync(group, existing.Except(same), cancellationToken).ConfigureAwait(false);
            await RemoveAsync(existing.Except(same), cancellationToken).ConfigureAwait(false);
            Record(service, arn, revision, same);
            return new ServiceRolloutResult(true, $"already running {desired} healthy task(s) of revision {revision}", [], clock.Elapsed);
        }

        var started = new List<LocalContainer>();
        var events = new List<string>();
        try
        {
            var next = existing.Count == 0 ? 1 : existing.Max(c => c.Number) + 1;
            for (var i = 0; i < desired; i++)
            {
                started.Add(await StartServiceContainerAsync(service, definition, next + i, cancellationToken).ConfigureAwait(false));
                events.Add($"(service {service.ServiceName}) has started 1 tasks: (task {started[^1].Name}).");
            }

            var deadline = Min(timeout, settings.HealthTimeout);
            var failure = await WaitHealthyAsync(check, started, deadline, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                events.Add($"(service {service.ServiceName}) task failed its health check: {failure}");
                events.AddRange(await LastLinesAsync(started, cancellationToken).ConfigureAwait(false));
                await RemoveAsync(started, CancellationToken.None).ConfigureAwait(false);
                started.Clear();
                var keeping = existing.Where(c => c.Running).ToList();
                events.Add($"(service {service.ServiceName}) rolling back: stopped the new tasks, {keeping.Count} task(s) of the previous revision keep serving.");
                await RestoreModelAsync(service, previous, arn, cancellationToken).ConfigureAwait(false);
                return new ServiceRolloutResult(false, $"rolled back: revision {revision} {failure}", events, clock.Elapsed);
            }

            await RegisterAsync(group, started, cancellationToken).ConfigureAwait(false);
            if (group is not null)
            {
                events.Add($"(service {service.ServiceName}) registered {started.Count} targets in (target-group {group.Arn})");
            }

            await DrainAsync(group, existing.Where(c => c.Running), cancellationToken).ConfigureAwait(false);
            await RemoveAsync(existing, cancellationToken).ConfigureAwait(false);
            events.Add($"(service {service.ServiceName}) has reached a steady state.");
            Record(service, arn, revision, started);
            return new ServiceRolloutResult(true, $"{started.Count} task(s) of revision {revision} healthy", events, clock.Elapsed);
        }
        catch
        {
            // A container that cannot start (bad image, unresolvable secret): undo, as for a failed health check.
            await RemoveAsync(started, CancellationToken.None).ConfigureAwait(false);
            await RestoreModelAsync(service, previous, arn, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<bool> IsServingAsync(ServiceTarget service, string taskDefinitionArn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var running = (await ContainersAsync(service, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Running && c.TaskDefinition == taskDefinitionArn)
            .ToList();
        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]), cancellationToken)
            .ConfigureAwait(false);
        var check = (await TargetGroupAsync(service, described.Services, cancellationToken).ConfigureAwait(false))?.HealthCheck
                    ?? TargetHealthCheck.Container(service.HealthPath);
        return running.Count > 0 && await AllHealthyAsync(check, running, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ServiceRolloutResult> ScaleServiceAsync(ServiceTarget service, int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var clock = Stopwatch.StartNew();
        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, DesiredCount: count), cancellationToken)
            .ConfigureAwait(false);
        var arn = updated.Service?.TaskDefinition ?? throw new InvalidOperationException($"UpdateService returned no service for {service.ServiceName}");
        var group = await TargetGroupAsync(service, [updated.Service], cancellationToken).ConfigureAwait(false);
        var check = group?.HealthCheck ?? TargetHealthCheck.Container(service.HealthPath);
        var definition = await DescribeAsync(arn, cancellationToken).ConfigureAwait(false);
        var existing = await ContainersAsync(service, cancellationToken).ConfigureAwait(false);
        var current = existing.Where(c => c.Running && c.TaskDefinition == arn).OrderBy(c => c.Number).ToList();
        await DrainAsync(group, existing.Except(current), cancellationToken).ConfigureAwait(false);
        await RemoveAsync(existing.Except(current), cancellationToken).ConfigureAwait(false);

        if (current.Count > count)
        {
            await DrainAsync(group, current.Skip(count), cancellationToken).ConfigureAwait(false);
            await RemoveAsync(current.Skip(count), cancellationToken).ConfigureAwait(false);
            current = [.. current.Take(count)];
        }

        var started = new List<LocalContainer>();
        var next = existing.Count == 0 ? 1 : existing.Max(c => c.Number) + 1;
        while (current.Count + started.Count < count)
        {
            started.Add(await StartServiceContainerAsync(service, definition, next++, cancellationToken).ConfigureAwait(false));
        }

        var failure = await WaitHealthyAsync(check, started, Min(timeout, settings.HealthTimeout), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            var lines = await LastLinesAsync(started, cancellationToken).ConfigureAwait(false);
            await RemoveAsync(started, CancellationToken.None).ConfigureAwait(false);
            Record(service, arn, TaskDefinitionRenderer.Revision(definition), current);
            return new ServiceRolloutResult(false, $"new task(s) {failure}", lines, clock.Elapsed);
        }

        await RegisterAsync(group, started, cancellationToken).ConfigureAwait(false);
        Record(service, arn, TaskDefinitionRenderer.Revision(definition), [.. current, .. started]);
        return new ServiceRolloutResult(true, $"running {count} task(s)", [], clock.Elapsed);
    }

    /// <summary>The containers of a service on this data plane, running or not.</summary>
    public async Task<IReadOnlyList<LocalContainer>> ContainersAsync(ServiceTarget service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var output = await docker.CheckedAsync("ps", [
            "ps", "-a",
            "--filter", $"label={LocalDataPlaneSettings.ProjectLabel}={settings.Project}",
            "--filter", $"label={LocalDataPlaneSettings.ServiceLabel}={service.Name}",
            "--format", "{{.Names}}\t{{.State}}\t{{.Label \"" + LocalDataPlaneSettings.TaskDefinitionLabel + "\"}}\t{{.Label \""
                        + LocalDataPlaneSettings.PortLabel + "\"}}",
        ], cancellationToken).ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 4)
            .Select(f => new LocalContainer(f[0], f[1] == "running", f[2], int.TryParse(f[3], CultureInfo.InvariantCulture, out var p) ? p : 0))
            .ToList();
    }

    /// <summary>The edge reloads from the control plane when this platform routes through target groups.</summary>
    public Task SyncRoutingAsync(CancellationToken cancellationToken = default) =>
        balancing is null ? Task.CompletedTask : balancing.SyncRoutingAsync(cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        ecs.Dispose();
        balancing?.Dispose();
    }

    private async Task<LocalContainer> StartServiceContainerAsync(ServiceTarget service, JsonObject definition, int number, CancellationToken cancellationToken)
    {
        var spec = LocalContainerSpec.From(definition, service.ContainerName);
        var revision = TaskDefinitionRenderer.Revision(definition);
        var arn = TaskDefinitionRenderer.Arn(definition)!;
        var port = LoopbackPort.Free();
        var name = $"{settings.Project}-local-{service.Name}-{revision}-{number}";
        var labels = new Dictionary<string, string>
        {
            [LocalDataPlaneSettings.ProjectLabel] = settings.Project,
            [LocalDataPlaneSettings.ServiceLabel] = service.Name,
            [LocalDataPlaneSettings.TaskDefinitionLabel] = arn,
            [LocalDataPlaneSettings.RevisionLabel] = revision.ToString(CultureInfo.InvariantCulture),
            [LocalDataPlaneSettings.PortLabel] = port.ToString(CultureInfo.InvariantCulture),
        };
        // Host networking: each container needs a port of its own (old and new revisions run side by side).
        var env = await EnvironmentAsync(spec, [new("HOST", "127.0.0.1"), new("PORT", port.ToString(CultureInfo.InvariantCulture))], cancellationToken)
            .ConfigureAwait(false);
        await docker.RemoveAsync([name], cancellationToken).ConfigureAwait(false); // a leftover of an interrupted run
        var result = await StartAsync(spec, name, labels, env, null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            await docker.RemoveAsync([name], CancellationToken.None).ConfigureAwait(false);
            throw new DockerException($"could not start {name}: {DockerException.FirstErrorLine(result)}");
        }

        log($"{service.Name}: started {name} on 127.0.0.1:{port}");
        return new LocalContainer(name, true, arn, port, number);
    }

    /// <summary>docker run with the environment in a mode-600 env file that exists only while docker reads it.</summary>
    private async Task<ProcessResult> StartAsync(LocalContainerSpec spec, string name, IReadOnlyDictionary<string, string> labels,
        IEnumerable<KeyValuePair<string, string>> environment, IReadOnlyList<string>? command, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.StateDirectory, "dataplane");
        Directory.CreateDirectory(folder);
        var envFile = Path.Combine(folder, $"{name}.{Guid.NewGuid():N}.env");
        try
        {
            await using (var stream = CreatePrivate(envFile))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(LocalContainerSpec.EnvFile(environment)).ConfigureAwait(false);
            }

            return await docker.RunAsync(spec.RunArguments(name, labels, envFile, command), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private async Task<IEnumerable<KeyValuePair<string, string>>> EnvironmentAsync(LocalContainerSpec spec,
        IEnumerable<KeyValuePair<string, string>> overrides, CancellationToken cancellationToken)
    {
        var resolved = await secrets.ResolveAsync(spec.Secrets, cancellationToken).ConfigureAwait(false);
        return [.. spec.Environment, .. resolved, .. overrides];
    }

    /// <summary>
    /// Checks every container as its target group's health check does: healthy after HealthyThreshold passing checks in a
    /// row, one every Interval; unhealthy (the rollout fails) after UnhealthyThreshold answers in a row that the matcher
    /// refuses, when the container exits, or at the deadline. Returns why not, or null.
    /// </summary>
    private async Task<string?> WaitHealthyAsync(TargetHealthCheck check, IReadOnlyList<LocalContainer> containers, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = containers.ToList();
        var passes = new Dictionary<string, int>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            foreach (var container in pending.ToList())
            {
                var (healthy, answered, detail) = await ProbeAsync(check, container, cancellationToken).ConfigureAwait(false);
                if (healthy)
                {
                    refusals[container.Name] = 0;
                    passes[container.Name] = passes.GetValueOrDefault(container.Name) + 1;
                    if (passes[container.Name] >= check.HealthyThreshold)
                    {
                        pending.Remove(container);
                    }

                    continue;
                }

                passes[container.Name] = 0;
                last[container.Name] = detail;
                refusals[container.Name] = answered ? refusals.GetValueOrDefault(container.Name) + 1 : 0;
                if (refusals[container.Name] >= check.UnhealthyThreshold)
                {
                    return $"failed its health check: {check.Describe()} on {container.Name} (127.0.0.1:{container.Port}) gave {detail} " +
                           $"{check.UnhealthyThreshold} times in a row: the target is unhealthy";
                }

                var state = await docker.RunAsync(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container.Name], cancellationToken)
                    .ConfigureAwait(false);
                var fields = state.StdOut.Trim().Split(' ');
                if (state.ExitCode != 0 || fields[0] is "exited" or "dead")
                {
                    return $"stopped: container {container.Name} exited (code {(fields.Length > 1 ? fields[1] : "?")}) before it was healthy";
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (clock.Elapsed >= timeout)
            {
                return $"failed its health check: {check.Describe()} on {pending[0].Name} (127.0.0.1:{pending[0].Port}) " +
                       $"gave {last.GetValueOrDefault(pending[0].Name, "no answer")} for {timeout.TotalSeconds:0} s";
            }

            await Task.Delay(check.Interval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<bool> AllHealthyAsync(TargetHealthCheck check, IEnumerable<LocalContainer> containers, CancellationToken cancellationToken)
    {
        foreach (var container in containers)
        {
            if (!(await ProbeAsync(check, container, cancellationToken).ConfigureAwait(false)).Healthy)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One health check: Healthy when the matcher accepts the status; Answered when an HTTP answer came at all.</summary>
    private async Task<(bool Healthy, bool Answered, string Detail)> ProbeAsync(TargetHealthCheck check, LocalContainer container, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(check.Timeout);
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{container.Port}{check.Path}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return (check.Accepts(status), true, $"HTTP {status}");
        }
        catch (HttpRequestException ex)
        {
            return (false, false, ex.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, false, $"no answer in {check.Timeout.TotalSeconds:0} s");
        }
    }

    private async Task<ServiceTargetGroup?> TargetGroupAsync(ServiceTarget service, IReadOnlyList<EcsService>? described, CancellationToken cancellationToken) =>
        balancing is null || described is not { Count: > 0 }
            ? null
            : await balancing.ForServiceAsync(described[0].LoadBalancers, service.ContainerName, cancellationToken).ConfigureAwait(false);

    private Task RegisterAsync(ServiceTargetGroup? group, IEnumerable<LocalContainer> containers, CancellationToken cancellationToken) =>
        group is null || balancing is null ? Task.CompletedTask : balancing.RegisterAsync(group, containers.Select(c => c.Port).ToList(), cancellationToken);

    private Task DrainAsync(ServiceTargetGroup? group, IEnumerable<LocalContainer> containers, CancellationToken cancellationToken) =>
        group is null || balancing is null ? Task.CompletedTask : balancing.DrainAsync(group, containers.Select(c => c.Port).ToList(), cancellationToken);

    private async Task<List<string>> LastLinesAsync(IEnumerable<LocalContainer> containers, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var container in containers)
        {
            lines.AddRange((await docker.LogsAsync(container.Name, 10, cancellationToken).ConfigureAwait(false)).Select(l => $"{container.Name}: {l}"));
        }

        return lines;
    }

    /// <summary>After a failed rollout, point the control plane's service back at its previous revision (as ECS's rollback would).</summary>
    private async Task RestoreModelAsync(ServiceTarget service, string? previous, string failed, CancellationToken cancellationToken)
    {
        if (previous is not null && previous != failed)
        {
            await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, previous), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task RemoveAsync(IEnumerable<LocalContainer> containers, CancellationToken cancellationToken)
    {
        var names = containers.Select(c => c.Name).ToList();
        if (names.Count == 0)
        {
            return Task.CompletedTask;
        }

        log($"stopping {string.Join(", ", names)}");
        return docker.RemoveAsync(names, cancellationToken);
    }

    private void Record(ServiceTarget service, string arn, int revision, List<LocalContainer> containers) =>
        _state.Set(service.Name, containers.Count == 0
            ? null
            : new LocalServiceEndpoint(service.ServiceName, arn, revision, containers.Select(c => c.Port).ToList()));

    private async Task<JsonObject> DescribeAsync(string taskDefinition, CancellationToken cancellationToken) =>
        (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(taskDefinition), cancellationToken).ConfigureAwait(false)).TaskDefinition
        ?? throw new InvalidOperationException($"task definition {taskDefinition} not found");

    /// <summary>A new file only its owner can read (mode 600 on Unix).</summary>
    private static FileStream CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>One container of a local service: name ends in -&lt;revision&gt;-&lt;n&gt;.</summary>
public sealed record LocalContainer(string Name, bool Running, string TaskDefinition, int Port, int Number = 0)
{
    public int Number { get; } = Number != 0 ? Number
        : int.TryParse(Name[(Name.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture, out var n) ? n : 0;
}
