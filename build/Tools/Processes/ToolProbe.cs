using System.Diagnostics;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.Preflight;
using Deploy.Build.Tools.Git;

namespace Deploy.Build.Tools.Processes;

/// <summary>Finds a program on PATH and reads its version line.</summary>
public static class ToolProbe
{
    public static string? Locate(string name, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : new[] { name };
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The first line the tool prints for its version, or null when it fails.</summary>
    public static async Task<string?> VersionAsync(string executable, string versionArgs, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(executable, versionArgs)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["TF_CLI_CONFIG_FILE"] = string.Empty;
        using var process = Process.Start(info);
        if (process is null)
        {
            return null;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(cts.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return process.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
    }
}
