using System.Diagnostics;
using System.Text;

namespace Deploy.Build.LocalCloud.DataPlane;

public sealed record DockerResult(int ExitCode, string StdOut, string StdErr)
{
    public string FirstErrorLine => (StdErr.Length > 0 ? StdErr : StdOut).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? $"exit {ExitCode}";
}

/// <summary>A docker CLI call that failed, with docker's own first error line.</summary>
public sealed class DockerException(string message) : Exception(message);

/// <summary>
/// The few docker CLI calls the local data plane makes (run, ps, inspect, logs, wait, stop, rm). Arguments go
/// as an argument list, never through a shell; secrets never appear in them (they go through env files).
/// </summary>
public sealed class DockerCli(string docker = "docker")
{
    private static readonly string[] RemoveForced = ["rm", "-f"];

    public async Task<DockerResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(docker)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        lock (stdout)
        {
            lock (stderr)
            {
                return new DockerResult(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    /// <summary>Runs and throws <see cref="DockerException"/> on a non-zero exit; returns trimmed stdout.</summary>
    public async Task<string> CheckedAsync(string what, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StdOut.Trim() : throw new DockerException($"docker {what} failed: {result.FirstErrorLine}");
    }

    /// <summary>Output lines of a container (stdout and stderr interleaved as docker stored them).</summary>
    public async Task<IReadOnlyList<string>> LogsAsync(string container, int? tail = null, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "logs" };
        if (tail is not null)
        {
            args.AddRange(["--tail", tail.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        args.Add(container);
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return (result.StdOut + result.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
    }

    public Task<DockerResult> RemoveAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) =>
        RunAsync(RemoveForced.Concat(containers), cancellationToken);

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }
}
