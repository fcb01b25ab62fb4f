namespace Deploy.Build.Tests.Support;

/// <summary>The tests' ways to run a program, all through the pipeline's own <see cref="ProcessRunner"/>.</summary>
public static class Run
{
    /// <summary>Runs a real process with a time limit (5 minutes unless told) and captures its output.</summary>
    public static Task<ProcessResult> ProcessAsync(
        string file, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Spec(file, args, workingDirectory ?? Repo.Root, environment, timeout ?? TimeSpan.FromMinutes(5)));

    /// <summary>Runs the pipeline (the Build.dll built beside the tests) as a user would.</summary>
    public static Task<ProcessResult> PipelineAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var (dll, env) = PipelineCommand(environment);
        return ProcessAsync("dotnet", new[] { dll }.Concat(args), workingDirectory ?? Repo.Root, env, timeout);
    }

    /// <summary>Starts the pipeline without waiting: for tests that act while it runs (signals, a second deploy).</summary>
    public static RunningProcess StartPipeline(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var (dll, env) = PipelineCommand(environment);
        return ProcessRunner.Start(Spec("dotnet", new[] { dll }.Concat(args), Repo.Root, env, timeout: null));
    }

    /// <summary>Starts a server beside the tests (a registry, moto); disposing the handle stops it.</summary>
    public static RunningProcess Background(string file, params string[] args) =>
        ProcessRunner.Start(new ProcessSpec(file, args) { KeepLastLines = 200 });

    /// <summary>Sends a POSIX signal (TERM, INT): Process.Kill only knows SIGKILL.</summary>
    public static void Signal(this RunningProcess process, string signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        var number = signal switch
        {
            "TERM" => OsProcess.SigTerm,
            "INT" => OsProcess.SigInt,
            "KILL" => OsProcess.SigKill,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "TERM, INT or KILL"),
        };
        if (!OsProcess.Signal(process.Id, number))
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id}: no such process");
        }
    }

    private static ProcessSpec Spec(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment, TimeSpan? timeout) =>
        new(file, [.. args])
        {
            WorkingDirectory = workingDirectory,
            Environment = environment is null ? null : new Dictionary<string, string?>(environment),
            Timeout = timeout,
        };

    private static (string Dll, Dictionary<string, string?> Environment) PipelineCommand(IDictionary<string, string?>? environment)
    {
        // The pipeline's own output folder (its deps and runtimeconfig), built in the tests' configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Repo.PathOf($"build/bin/{configuration}/net10.0/Build.dll");
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["NO_COLOR"] = "1",
            ["GITHUB_STEP_SUMMARY"] = environment?.TryGetValue("GITHUB_STEP_SUMMARY", out var s) == true ? s : null,
        };
        return (dll, env);
    }
}
