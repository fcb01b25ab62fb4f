using System.Text.RegularExpressions;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Steps.Setup;

/// <summary>One thing the set-up does, or asks the user to do.</summary>
/// <param name="What">What it is for, for the log.</param>
/// <param name="Command">The program and its arguments (for a manual step, what the user runs; empty: no single command).</param>
/// <param name="Automatic">The pipeline runs it (it has the privileges); otherwise it is printed.</param>
/// <param name="Required">The run cannot go on without it (the Docker engine); others have a fallback or only serve the tests.</param>
public sealed record SetupStep(string What, IReadOnlyList<string> Command, bool Automatic, bool Required)
{
    /// <summary>Marks the step that starts dockerd detached: the set-up then waits for the engine and reports its PID.</summary>
    public bool StartsDaemon { get; init; }

    /// <summary>Waits for the engine after it ran (dockerd or the systemd unit).</summary>
    public bool StartsEngine { get; init; }

    public string Display => Command.Count == 0 ? What : SetupPlan.Quote(Command);
}

/// <summary>What the set-up would do on a machine: computed from a <see cref="MachineProbe"/> alone (<see cref="For"/>).</summary>
public sealed partial record SetupPlan(IReadOnlyList<SetupStep> Steps)
{
    public IReadOnlyList<SetupStep> Automatic => [.. Steps.Where(s => s.Automatic)];

    public IReadOnlyList<SetupStep> Manual => [.. Steps.Where(s => !s.Automatic)];

    public bool IsEmpty => Steps.Count == 0;

    public bool NeedsTheUser => Steps.Any(s => !s.Automatic && s.Required);

    /// <summary>The steps left to the user as one shell line ("sudo apt-get update && sudo apt-get install -y docker.io && ...").</summary>
    public string ManualLine => string.Join(" && ", Manual.Select(s => s.Display));

    /// <summary>The refusal when a required step is left to the user: one line with the one command.</summary>
    public string Refusal(string rerun)
    {
        var what = string.Join(" and ", Manual.Where(s => s.Required).Select(s => s.What).Distinct(StringComparer.Ordinal));
        return $"The set-up cannot finish without you ({what}): run {ManualLine} then {rerun} again.";
    }

    /// <summary>
    /// The plan: the scope's missing packages installed with apt-get (as root, or with passwordless sudo), then the
    /// Docker engine started (systemd's unit, else dockerd detached with its PID and log in the local cloud's
    /// folders); what needs privileges the run lacks becomes a manual step with the exact sudo command.
    /// </summary>
    public static SetupPlan For(MachineProbe probe, SetupScope scope, string dockerdPidFile, string dockerdLog)
    {
        ArgumentNullException.ThrowIfNull(probe);
        string[]? privileged = probe.IsRoot ? [] : probe.PasswordlessSudo ? ["sudo", "-n"] : null;
        var steps = new List<SetupStep>();

        var dockerNeedsPackage = !probe.DockerCli || (probe.Engine == EngineState.NotRunning && !probe.Has(SystemPackages.DockerEngine.Program));
        var missing = SystemPackages.For(scope)
            .Where(p => ReferenceEquals(p, SystemPackages.DockerEngine) ? dockerNeedsPackage : !probe.Has(p.Program))
            .ToList();
        if (missing.Count > 0)
        {
            var names = missing.Select(p => p.Package).ToList();
            var what = "install " + string.Join(", ", missing.Select(p => $"{p.Package} ({p.Why})"));
            var required = missing.Contains(SystemPackages.DockerEngine);
            if (!probe.HasApt)
            {
                steps.Add(new SetupStep($"{what}: no apt-get here, install them with this system's package manager", [], false, required));
            }
            else if (privileged is not null)
            {
                steps.Add(new SetupStep("refresh the package lists", [.. privileged, "apt-get", "update", "-qq"], true, false));
                steps.Add(new SetupStep(what, [.. privileged, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", .. names], true, required));
            }
            else
            {
                steps.Add(new SetupStep("refresh the package lists", ["sudo", "apt-get", "update"], false, required));
                steps.Add(new SetupStep(what, ["sudo", "apt-get", "install", "-y", .. names], false, required));
            }
        }

        switch (probe.Engine)
        {
            case EngineState.PermissionDenied:
                steps.Add(new SetupStep($"let {probe.User} use the Docker engine (then log in again, or run newgrp docker)",
                    ["sudo", "usermod", "-aG", "docker", probe.User], false, true));
                break;
            case EngineState.NotRunning when !probe.IsLinux:
                steps.Add(new SetupStep("start Docker Desktop", [], false, true));
                break;
            case EngineState.NotRunning when probe.HasSystemd:
                steps.Add(new SetupStep("start the Docker engine", [.. privileged ?? ["sudo"], "systemctl", "start", "docker"], privileged is not null, true)
                {
                    StartsEngine = true,
                });
                break;
            case EngineState.NotRunning:
                var automatic = privileged is not null && probe.Setsid is not null;
                var daemon = ProcessLauncher.DetachedCommand(probe.Setsid ?? "setsid", dockerdPidFile, dockerdLog, ["dockerd", .. DockerEngine.DaemonArguments]);
                steps.Add(new SetupStep("start the Docker engine", [.. automatic ? privileged! : ["sudo"], .. daemon], automatic, true)
                {
                    StartsEngine = true,
                    StartsDaemon = true,
                });
                break;
        }

        return new SetupPlan(steps);
    }

    /// <summary>A command as a POSIX shell line: plain words bare, the rest single-quoted.</summary>
    public static string Quote(IEnumerable<string> command) =>
        string.Join(' ', command.Select(a => PlainWord().IsMatch(a) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex PlainWord();
}
