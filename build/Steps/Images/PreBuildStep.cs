using System.Diagnostics;
using Cake.Core.Diagnostics;

namespace Deploy.Build.Steps.Images;

/// <summary>An image's preBuild command (e.g. node examples/webapp/web/build.mjs), run from the configuration's folder.</summary>
public static class PreBuildStep
{
    public static async Task RunAsync(IReadOnlyList<string> command, string workingDirectory, string prefix, ICakeLog log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(log);
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        log.Information("[{0}] preBuild: {1}", prefix, string.Join(' ', command));
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"preBuild of {prefix}: cannot start '{command[0]}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"preBuild of {prefix} failed (exit {process.ExitCode}): {string.Join(' ', command)}");
        }

        void Write(string? line)
        {
            if (!string.IsNullOrEmpty(line))
            {
                log.Information("[{0}] {1}", prefix, line);
            }
        }
    }
}
