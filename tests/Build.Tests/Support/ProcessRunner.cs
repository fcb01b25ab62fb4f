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
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? Repo.Root,
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
    public static Task<ProcessResult> PipelineAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        // The pipeline's own output folder (its deps and runtimeconfig), built in the tests' configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Repo.PathOf($"build/bin/{configuration}/net10.0/Build.dll");
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["NO_COLOR"] = "1",
            ["GITHUB_STEP_SUMMARY"] = environment?.TryGetValue("GITHUB_STEP_SUMMARY", out var s) == true ? s : null,
        };
        return ProcessAsync("dotnet", new[] { dll }.Concat(args), workingDirectory ?? Repo.Root, env);
    }
}
