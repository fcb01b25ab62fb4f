using Cake.Core.Diagnostics;

namespace Deploy.Build.Tools.Processes;

/// <summary>
/// A configured command run from the configuration's folder, its output streamed into the log with a prefix:
/// an image's <c>preBuild</c> and a static site's <c>build</c> (e.g. node examples/webapp/web/build.mjs).
/// </summary>
public static class ConfiguredCommand
{
    public static async Task RunAsync(IReadOnlyList<string> command, string workingDirectory, string prefix, string what, ICakeLog log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(log);
        log.Information("[{0}] {1}: {2}", prefix, what, string.Join(' ', command));
        var spec = new ProcessSpec(command[0], [.. command.Skip(1)])
        {
            WorkingDirectory = workingDirectory,
            OnOutput = Write,
            OnError = Write,
        };
        var result = await ProcessRunner.RunAsync(spec, ct).ConfigureAwait(false);
        if (result.ExitCode == ProcessResult.NotFound && result.Lines.Count == 1 && result.Lines[0].StartsWith(command[0] + ": ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what} of {prefix}: cannot start '{command[0]}': {result.Lines[0][(command[0].Length + 2)..]}");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what} of {prefix} failed (exit {result.ExitCode}): {string.Join(' ', command)}");
        }

        void Write(string line)
        {
            if (line.Length > 0)
            {
                log.Information("[{0}] {1}", prefix, line);
            }
        }
    }
}
