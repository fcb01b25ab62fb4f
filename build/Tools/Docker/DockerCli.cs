using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Docker;

/// <summary>
/// The few docker CLI calls the local data plane makes (run, ps, inspect, logs, wait, stop, rm), as argument lists
/// run by <see cref="ProcessRunner"/>, never through a shell; secrets never appear in them (they go through env files).
/// </summary>
public sealed class DockerCli(string docker = "docker")
{
    private static readonly string[] RemoveForced = ["rm", "-f"];

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(new ProcessSpec(docker, [.. args]), cancellationToken);

    /// <summary>Runs and throws <see cref="DockerException"/> on a non-zero exit; returns trimmed stdout.</summary>
    public async Task<string> CheckedAsync(string what, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StdOut.Trim() : throw new DockerException(what, result);
    }

    /// <summary>Output lines of a container (stdout and stderr as docker stored them).</summary>
    public async Task<IReadOnlyList<string>> LogsAsync(string container, int? tail = null, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "logs" };
        if (tail is not null)
        {
            args.AddRange(["--tail", tail.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        args.Add(container);
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return result.StdOutLines.Concat(result.StdErrLines).Where(l => l.Length > 0).Select(l => l.TrimEnd('\r')).ToList();
    }

    public Task<ProcessResult> RemoveAsync(IEnumerable<string> containers, CancellationToken cancellationToken = default) =>
        RunAsync(RemoveForced.Concat(containers), cancellationToken);
}
