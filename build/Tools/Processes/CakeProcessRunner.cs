using System.Text;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using CakeProcessSettings = Cake.Core.IO.ProcessSettings;

namespace Deploy.Build.Tools.Processes;

/// <summary>
/// Cake's process-runner interface over <see cref="ProcessRunner"/>, registered in the host in place of Cake's own:
/// Cake's tool API (<c>Tool&lt;TSettings&gt;</c> in the docker and terraform wrappers, <c>DotNetTest</c>) starts its
/// programs through the same runner, with the same redaction of the command line and the same kill-the-tree rule.
/// </summary>
public sealed class CakeProcessRunner(ICakeEnvironment environment, ICakeLog log) : IProcessRunner
{
    public IProcess Start(FilePath filePath, CakeProcessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(settings);
        var program = filePath.MakeAbsolute(environment).FullPath;
        var arguments = settings.Arguments ?? new ProcessArgumentBuilder();
        if (!settings.Silent)
        {
            log.Verbose("Executing: {0} {1}", System.IO.Path.GetFileName(program), arguments.RenderSafe());
        }

        var workingDirectory = settings.NoWorkingDirectory
            ? null
            : (settings.WorkingDirectory ?? environment.WorkingDirectory).MakeAbsolute(environment).FullPath;
        var outputLines = new List<string>();
        var errorLines = new List<string>();
        var spec = new ProcessSpec(program, [])
        {
            CommandLine = arguments.Render(),
            WorkingDirectory = workingDirectory,
            Environment = settings.EnvironmentVariables?.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal),
            StandardInput = settings.StandardInput is { } input ? Encoding.UTF8.GetString(input.Span) : null,
            OnOutput = line => Forward(line, settings.RedirectStandardOutput, settings.RedirectedStandardOutputHandler, outputLines, Console.Out),
            OnError = line => Forward(line, settings.RedirectStandardError, settings.RedirectedStandardErrorHandler, errorLines, Console.Error),
        };
        return new Handle(ProcessRunner.Start(spec), outputLines, errorLines, settings.Timeout);
    }

    // Redirected: the handler may rewrite the line and the caller reads it back; not redirected: it goes to our console.
    private static void Forward(string line, bool redirected, Func<string, string>? handler, List<string> into, TextWriter console)
    {
        if (!redirected)
        {
            console.WriteLine(line);
            return;
        }

        var kept = handler is null ? line : handler(line);
        if (kept is not null)
        {
            lock (into)
            {
                into.Add(kept);
            }
        }
    }

    private sealed class Handle(RunningProcess process, List<string> output, List<string> error, int? timeoutMilliseconds) : IProcess
    {
        public void WaitForExit()
        {
            if (timeoutMilliseconds is { } limit && !WaitForExit(limit))
            {
                process.Kill();
                throw new TimeoutException($"process {process.Id} did not finish within {limit / 1000} s");
            }

            process.WaitForExitAsync().GetAwaiter().GetResult();
        }

        public bool WaitForExit(int milliseconds)
        {
            using var timeout = new CancellationTokenSource(milliseconds);
            try
            {
                process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public int GetExitCode() => process.Result(TimeSpan.Zero).ExitCode;

        public IEnumerable<string> GetStandardError()
        {
            lock (error)
            {
                return [.. error];
            }
        }

        public IEnumerable<string> GetStandardOutput()
        {
            lock (output)
            {
                return [.. output];
            }
        }

        public void Kill() => process.Kill();

        public void Dispose() => process.Dispose();
    }
}
