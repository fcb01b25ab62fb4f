using System.ComponentModel;
using System.Diagnostics;

namespace Deploy.Build.Tools.Processes;

/// <summary>
/// What to run: a program and its arguments, never a shell line. Either <see cref="Arguments"/> (an argument list,
/// passed to the program as is) or <see cref="CommandLine"/> (an argument string already quoted by a command builder,
/// such as Cake's <c>ProcessArgumentBuilder.Render()</c>).
/// </summary>
public sealed record ProcessSpec(string Program, IReadOnlyList<string> Arguments)
{
    public ProcessSpec(string program, params string[] arguments)
        : this(program, (IReadOnlyList<string>)arguments)
    {
    }

    /// <summary>A pre-quoted argument string; used instead of <see cref="Arguments"/> when set.</summary>
    public string? CommandLine { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child (a null value removes the variable); the rest is inherited.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Written to the child's standard input, which is then closed (passwords go here, never in arguments).</summary>
    public string? StandardInput { get; init; }

    /// <summary>The child and its process tree are killed after this long; null waits for ever.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Called with each standard output line as it arrives.</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>Called with each standard error line as it arrives.</summary>
    public Action<string>? OnError { get; init; }

    /// <summary>For a long-running child (a server): keep only this many of its last lines in memory.</summary>
    public int? KeepLastLines { get; init; }

    /// <summary>Values replaced by *** wherever the runner shows the command or its output in an error.</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    /// <summary>The command as a person reads it (program name, arguments), secrets redacted.</summary>
    public string Display => Redact($"{Path.GetFileName(Program)} {CommandLine ?? string.Join(' ', Arguments)}".TrimEnd());

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Secrets.Where(s => s.Length > 0).Aggregate(text, (current, secret) => current.Replace(secret, "***", StringComparison.Ordinal));
    }
}

/// <summary>What a finished child left: its exit code and its output lines, separately and in arrival order.</summary>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> StdOutLines, IReadOnlyList<string> StdErrLines, IReadOnlyList<string> Lines, TimeSpan Duration)
{
    /// <summary>The exit code a program that could not be started reports (as a shell does).</summary>
    public const int NotFound = 127;

    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard output as text (lines joined by \n).</summary>
    public string StdOut => string.Join('\n', StdOutLines);

    /// <summary>Standard error as text (lines joined by \n).</summary>
    public string StdErr => string.Join('\n', StdErrLines);

    /// <summary>Both streams, in the order the lines arrived.</summary>
    public string Output => string.Join('\n', Lines);

    /// <summary>The last non-empty lines of output joined by " | ", for one error message.</summary>
    public string Tail(int lines = 5) =>
        string.Join(" | ", Lines.Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(lines));

    /// <summary>
    /// The error in one line, the one rule every wrapper uses: the first line that starts with "Error" (with the
    /// detail line after it, Terraform style), else the first standard error line, else the last output line,
    /// else the exit code.
    /// </summary>
    public string ErrorLine
    {
        get
        {
            var lines = StdErrLines.Select(Clean).Where(l => l.Length > 0).ToList();
            var index = lines.FindIndex(IsErrorHeading);
            if (index >= 0)
            {
                var detail = index + 1 < lines.Count && !lines[index + 1].StartsWith("on ", StringComparison.Ordinal) && !IsErrorHeading(lines[index + 1])
                    ? " " + lines[index + 1]
                    : string.Empty;
                return lines[index] + detail;
            }

            return lines.LastOrDefault()
                   ?? Lines.Select(Clean).LastOrDefault(l => l.Length > 0)
                   ?? $"exit code {ExitCode}";
        }
    }

    /// <summary>A result from its two streams (the arrival order taken as output, then error).</summary>
    public static ProcessResult Of(int exitCode, IReadOnlyList<string> stdout, IReadOnlyList<string> stderr) =>
        new(exitCode, stdout, stderr, [.. stdout, .. stderr], TimeSpan.Zero);

    internal static ProcessResult CouldNotStart(string program, string reason) =>
        new(NotFound, [], [$"{program}: {reason}"], [$"{program}: {reason}"], TimeSpan.Zero);

    private static string Clean(string line) => line.Trim().TrimStart('│', '╷', '╵').Trim();

    private static bool IsErrorHeading(string line) =>
        line.StartsWith("Error:", StringComparison.Ordinal)
        || line.StartsWith("error:", StringComparison.Ordinal)
        || line.StartsWith("ERROR", StringComparison.Ordinal)
        || line.Contains(" Error: ", StringComparison.Ordinal);
}

/// <summary>A child whose exit code the caller does not accept, in one line.</summary>
public sealed class ProcessFailedException(ProcessSpec spec, ProcessResult result)
    : Exception(spec.Redact($"{Path.GetFileName(spec.Program)} failed (exit {result.ExitCode}): {result.ErrorLine}"))
{
    public ProcessResult Result { get; } = result;
}

/// <summary>
/// The one way this program starts another: foreground commands (<see cref="RunAsync"/>, <see cref="Run"/>), servers
/// that run beside it (<see cref="Start"/>), and programs found on PATH (<see cref="Locate"/>). Every child gets
/// an argument list (no shell), optional standard input, a timeout that kills its whole tree, cancellation, and
/// the same result type. The Cake tool wrappers (docker, terraform, terragrunt, aws) build the command and run it here.
/// </summary>
public static class ProcessRunner
{
    /// <summary>How long a short command may take unless its caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs to the end and returns the result without judging the exit code.</summary>
    /// <exception cref="TimeoutException">the child outlived <see cref="ProcessSpec.Timeout"/> (it was killed).</exception>
    /// <exception cref="OperationCanceledException">the token was cancelled (the child was killed).</exception>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        using var running = TryStart(spec, out var failure);
        if (running is null)
        {
            return failure!;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (spec.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            running.Kill();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException(
                $"{spec.Display} did not finish within {spec.Timeout!.Value.TotalSeconds:0} s; its last lines:\n{spec.Redact(running.Result(clock.Elapsed).Tail(30).Replace(" | ", "\n", StringComparison.Ordinal))}");
        }

        return running.Result(clock.Elapsed);
    }

    /// <summary>Runs and throws <see cref="ProcessFailedException"/> unless the exit code is 0 (or one of <paramref name="accepted"/>).</summary>
    public static async Task<ProcessResult> RunCheckedAsync(ProcessSpec spec, CancellationToken cancellationToken = default, params int[] accepted)
    {
        var result = await RunAsync(spec, cancellationToken).ConfigureAwait(false);
        return result.Succeeded || accepted.Contains(result.ExitCode) ? result : throw new ProcessFailedException(spec, result);
    }

    /// <summary>A short command with the usual defaults: inherited environment plus <paramref name="environment"/>, 2 minutes at most.</summary>
    public static Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(
            new ProcessSpec(program, [.. arguments])
            {
                Environment = environment?.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal),
                Timeout = timeout ?? DefaultTimeout,
            },
            cancellationToken);

    /// <summary>The synchronous form, for the Cake tool wrappers (Cake's tool API is synchronous).</summary>
    public static ProcessResult Run(ProcessSpec spec) => RunAsync(spec).GetAwaiter().GetResult();

    /// <summary>Starts a child that runs beside this program (a server); the caller stops it through the handle.</summary>
    public static RunningProcess Start(ProcessSpec spec) =>
        TryStart(spec, out var failure) ?? throw new InvalidOperationException($"{spec.Display}: {failure!.ErrorLine}");

    /// <summary>The full path of a program on PATH (or <paramref name="searchPath"/>), or null.</summary>
    public static string? Locate(string name, string? searchPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var path = searchPath ?? System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : new[] { name };
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }

    private static RunningProcess? TryStart(ProcessSpec spec, out ProcessResult? failure)
    {
        var info = new ProcessStartInfo(spec.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (spec.CommandLine is not null)
        {
            info.Arguments = spec.CommandLine;
        }
        else
        {
            foreach (var argument in spec.Arguments)
            {
                info.ArgumentList.Add(argument);
            }
        }

        // A test or a task may have left the process in a deleted folder; the child then could not start.
        info.WorkingDirectory = spec.WorkingDirectory ?? (Directory.Exists(System.Environment.CurrentDirectory) ? string.Empty : Path.GetTempPath());
        foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string?>())
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

        var process = new Process { StartInfo = info };
        var running = new RunningProcess(process, spec);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            failure = ProcessResult.CouldNotStart(spec.Program, ex.Message);
            return null;
        }

        running.BeginReading();
        failure = null;
        return running;
    }
}

/// <summary>A started child: its PID, its output so far, waiting for it and stopping it (with its process tree).</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly List<string> _output = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _outputDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RunningProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
        process.OutputDataReceived += (_, e) => Received(e.Data, _stdout, spec.OnOutput, _outputDone);
        process.ErrorDataReceived += (_, e) => Received(e.Data, _stderr, spec.OnError, _errorDone);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Both streams so far, in arrival order.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Waits for the child to exit and for its output to be read to the end.</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_outputDone.Task, _errorDone.Task).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits at most <paramref name="timeout"/>; a child still running then is killed and a TimeoutException names it.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_spec.Display} did not finish in {timeout.TotalMinutes:0.#} min:\n{Output}");
        }

        return Result(clock.Elapsed);
    }

    public ProcessResult Result(TimeSpan duration)
    {
        lock (_gate)
        {
            return new ProcessResult(_process.ExitCode, [.. _stdout], [.. _stderr], [.. _output], duration);
        }
    }

    /// <summary>Kills the child and its process tree (no-op when it has exited).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    internal void BeginReading()
    {
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            if (_spec.StandardInput is { } input)
            {
                _process.StandardInput.Write(input);
            }

            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited before reading its input; its exit code tells why.
        }
    }

    private void Received(string? line, List<string> into, Action<string>? callback, TaskCompletionSource done)
    {
        if (line is null)
        {
            done.TrySetResult();
            return;
        }

        lock (_gate)
        {
            into.Add(line);
            _output.Add(line);
            if (_spec.KeepLastLines is { } keep && _output.Count > 2 * keep)
            {
                into.RemoveRange(0, Math.Max(0, into.Count - keep));
                _output.RemoveRange(0, _output.Count - keep);
            }
        }

        callback?.Invoke(line);
    }
}
