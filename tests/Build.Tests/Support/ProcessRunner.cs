using System.Diagnostics;
using System.Text;

namespace Deploy.Build.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}

/// <summary>Runs a real process with a time limit and captures its output.</summary>
public static class Run
{
    public static async Task<ProcessResult> ProcessAsync(
        string file, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = StartInfo(file, args, workingDirectory ?? Repo.Root, environment);
        EnsureCurrentDirectoryExists();
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Output redirected, arguments as given, environment variables set (a null value removes one).</summary>
    internal static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    // Process.Start reads the current directory; a test that left it in a deleted temp folder must not break the rest.
    private static void EnsureCurrentDirectoryExists()
    {
        try
        {
            _ = Directory.GetCurrentDirectory();
        }
        catch (FileNotFoundException)
        {
            Directory.SetCurrentDirectory(Repo.Root);
        }
    }

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
        return RunningProcess.Start("dotnet", new[] { dll }.Concat(args), Repo.Root, env);
    }

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

/// <summary>A process started in the background, its output collected as it comes; killed on dispose if still running.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static RunningProcess Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment)
    {
        var info = Run.StartInfo(file, args, workingDirectory, environment);
        var running = new RunningProcess(new Process { StartInfo = info });
        running._process.OutputDataReceived += (_, e) => running.Append(e.Data);
        running._process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        running._process.Start();
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Sends a POSIX signal (TERM, INT) with kill(1): Process.Kill only knows SIGKILL.</summary>
    public async Task SignalAsync(string signal)
    {
        var result = await Run.ProcessAsync("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id}: {result.Output}");
        }
    }

    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the process did not finish in {timeout.TotalMinutes:0.#} min:\n{Output}");
        }

        _process.WaitForExit();
        return new ProcessResult(_process.ExitCode, Output, string.Empty);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
