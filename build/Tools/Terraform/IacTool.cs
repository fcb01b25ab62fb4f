using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Terraform;

/// <summary>How a command's standard output is treated.</summary>
public enum OutputMode
{
    /// <summary>Every line goes to the Cake log with the tool's prefix (plan, apply, destroy).</summary>
    Stream,

    /// <summary>Lines are only collected (show -json, output -json: machine-readable, possibly sensitive).</summary>
    Capture,
}

/// <summary>What Terraform's output means beyond its exit code.</summary>
public static class TerraformOutput
{
    /// <summary>A provider download that failed on a machine without a mirror configured: say how to point at one.</summary>
    public static string OfflineHint(this ProcessResult run, string? mirror)
    {
        ArgumentNullException.ThrowIfNull(run);
        return string.IsNullOrEmpty(mirror)
               && run.StdErrLines.Any(l => l.Contains("registry.terraform.io", StringComparison.Ordinal)
                                           && (l.Contains("Failed to query available provider packages", StringComparison.Ordinal)
                                               || l.Contains("could not connect", StringComparison.Ordinal)
                                               || l.Contains("Failed to install provider", StringComparison.Ordinal)))
            ? $" (no registry access? set {EnvVars.TerraformProviderMirror} to a provider mirror folder)"
            : string.Empty;
    }
}

/// <summary>A failed terraform/terragrunt command, in one line.</summary>
public sealed class IacCommandException(string message) : Exception(message);

/// <summary>
/// Base of the Terraform and Terragrunt wrappers (Cake addin style): runs the program with the
/// settings' environment, streams stdout into the Cake log with a prefix, collects both streams, and
/// leaves the meaning of the exit code to the command (plan's 2 is "changes", not an error).
/// </summary>
public abstract class IacTool<TSettings>(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
    : Tool<TSettings>(fileSystem, environment, processRunner, tools)
    where TSettings : ToolSettings
{
    protected ICakeLog Log { get; } = log;

    /// <summary>Runs the program; returns its exit code and output without judging it.</summary>
    protected ProcessResult Execute(TSettings settings, ProcessArgumentBuilder arguments, OutputMode mode, string prefix)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stdout = new List<string>();
        var stderr = new List<string>();
        var gate = new Lock();
        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = line => Collect(line, stdout, mode == OutputMode.Stream),
            RedirectedStandardErrorHandler = line => Collect(line, stderr, echo: true),
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var process = RunProcess(settings, arguments, processSettings);
        process.WaitForExit();
        var exitCode = process.GetExitCode();
        Log.Verbose("[{0}] {1} exited {2} after {3:F1} s", prefix, arguments.RenderSafe().Split(' ')[0], exitCode, clock.Elapsed.TotalSeconds);
        lock (gate)
        {
            return ProcessResult.Of(exitCode, [.. stdout], [.. stderr]);
        }

        string Collect(string line, List<string> into, bool echo)
        {
            if (line is null)
            {
                return line!;
            }

            lock (gate)
            {
                into.Add(line);
            }

            if (echo)
            {
                Log.Information(Verbosity.Normal, "[{0}] {1}", prefix, line);
            }

            return line;
        }
    }

    /// <summary>Throws the one-line error unless the exit code is one the command accepts.</summary>
    protected static ProcessResult Require(ProcessResult run, string what, params int[] accepted)
    {
        ArgumentNullException.ThrowIfNull(run);
        return accepted.Contains(run.ExitCode)
            ? run
            : throw new IacCommandException($"{what} failed (exit {run.ExitCode}): {run.ErrorLine}{run.OfflineHint(Environment.GetEnvironmentVariable(EnvVars.TerraformProviderMirror))}");
    }

}
