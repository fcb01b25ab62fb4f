using System.Globalization;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Steps.Setup;

/// <summary>A set-up step that did not work, in one line.</summary>
public sealed class SetupException(string message) : Exception(message);

/// <summary>Probes the machine, plans the set-up (<see cref="SetupPlan.For"/>) and runs its automatic steps through the one runner.</summary>
/// <param name="locate">Finds programs on PATH.</param>
/// <param name="dockerdPidFile">Where a dockerd started here records its PID.</param>
/// <param name="dockerdLog">Where its output goes.</param>
/// <param name="log">The run's log.</param>
public sealed class MachineSetup(Func<string, string?> locate, string dockerdPidFile, string dockerdLog, Action<string> log)
{
    public static readonly TimeSpan EngineStartTimeout = TimeSpan.FromSeconds(60);

    public async Task<SetupPlan> PlanAsync(SetupScope scope, CancellationToken cancellationToken = default) =>
        SetupPlan.For(await MachineProbe.ReadAsync(locate, cancellationToken).ConfigureAwait(false), scope, dockerdPidFile, dockerdLog);

    /// <summary>Runs the automatic steps in order; returns the failures of required ones (one line each).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(SetupPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var failures = new List<string>();
        foreach (var step in plan.Automatic)
        {
            log($"Setup: {step.What}: {step.Display}");
            if (step.StartsDaemon)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(dockerdPidFile)!);
                Directory.CreateDirectory(Path.GetDirectoryName(dockerdLog)!);
                File.Delete(dockerdPidFile);
            }

            var result = await ProcessRunner.RunAsync(
                new ProcessSpec(step.Command[0], [.. step.Command.Skip(1)])
                {
                    Timeout = step.Command.Contains("install") ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(5),
                },
                cancellationToken).ConfigureAwait(false);
            var problem = result.Succeeded ? null : $"{step.Display} failed (exit {result.ExitCode}): {result.ErrorLine}";
            if (problem is null && step.StartsEngine)
            {
                problem = await WaitForEngineAsync(step, cancellationToken).ConfigureAwait(false);
            }

            if (problem is not null)
            {
                log("Setup: " + problem);
                if (step.Required)
                {
                    failures.Add(problem);
                }
            }
        }

        return failures;
    }

    private async Task<string?> WaitForEngineAsync(SetupStep step, CancellationToken cancellationToken)
    {
        var docker = locate("docker");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (docker is not null && clock.Elapsed < EngineStartTimeout)
        {
            if (await MachineProbe.EngineAsync(docker, cancellationToken).ConfigureAwait(false) == EngineState.Running)
            {
                log(step.StartsDaemon && ReadPid() is { } pid
                    ? $"Setup: Docker engine up (dockerd pid {pid}, log {dockerdLog}; stop it with: sudo kill {pid})"
                    : "Setup: Docker engine up");
                return null;
            }

            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }

        return docker is null
            ? "the docker CLI is not on PATH after the install"
            : $"the Docker engine did not answer within {EngineStartTimeout.TotalSeconds:0} s" + (step.StartsDaemon ? $"; see {dockerdLog}" : "; see journalctl -u docker");
    }

    private int? ReadPid() =>
        File.Exists(dockerdPidFile) && int.TryParse(File.ReadAllText(dockerdPidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
}
