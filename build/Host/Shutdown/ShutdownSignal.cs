using System.Runtime.InteropServices;

namespace Deploy.Build.Host.Shutdown;

/// <summary>
/// A stop request from outside (Ctrl-C, `kill`, a cancelled CI job). The first SIGTERM/SIGINT cancels
/// <see cref="Token"/>: the running task stops at its next await, no later task starts, and the normal teardown writes
/// the audit record and releases the deploy lock, so the next deploy can finish the job. If the run has not ended
/// after the grace period, or a second signal comes (GitHub Actions sends SIGINT, then SIGTERM 7.5 s later), the
/// registered cleanups run (the lock release) and the process exits with 128 + the signal number.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly CancellationTokenSource _watchdog = new();
    private readonly Action<int> _exit;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly List<Func<Task>> _cleanups = [];
    private readonly Lock _gate = new();
    private readonly TimeSpan _grace;
    private readonly Action<string> _say;
    private int _signals;
    private int _exiting;

    /// <param name="exit">How the process ends when it must (Environment.Exit; tests pass a recorder).</param>
    public ShutdownSignal(TimeSpan grace, Action<string>? say = null, Action<int>? exit = null)
    {
        _grace = grace;
        _say = say ?? (line => Console.Error.WriteLine(line));
        _exit = exit ?? Environment.Exit;
    }

    /// <summary>Listens for SIGTERM, SIGINT and SIGQUIT (not on Windows, where Ctrl-C keeps its default).</summary>
    public ShutdownSignal Listen()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
            }
        }

        return this;
    }

    /// <summary>Cancelled when a stop was asked for.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The signal that stopped the run, if any (e.g. "SIGTERM").</summary>
    public string? Received { get; private set; }

    /// <summary>128 + the signal number, as shells report a process ended by a signal.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Failure;

    /// <summary>Work that must happen even when the run does not wind down in time (releasing the deploy lock).</summary>
    public void OnForcedExit(Func<Task> cleanup)
    {
        lock (_gate)
        {
            _cleanups.Add(cleanup);
        }
    }

    /// <summary>Acts as if <paramref name="signal"/> arrived (the signal handler, and tests).</summary>
    public void Request(string signal, int number)
    {
        var count = Interlocked.Increment(ref _signals);
        if (count == 1)
        {
            Received = signal;
            ExitCode = 128 + number;
            _say($"Received {signal}: stopping; the deploy lock is released before exit (a second signal exits at once).");
            _cancellation.Cancel();
            var watchdog = _watchdog.Token;
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(_grace, watchdog).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // the run ended in time (disposed)
                }

                _say($"The run did not stop within {_grace.TotalSeconds:0} s of {signal}; exiting.");
                await ForceExitAsync().ConfigureAwait(false);
            });
        }
        else
        {
            _ = Task.Run(ForceExitAsync);
        }
    }

    private void Handle(PosixSignalContext context)
    {
        // We decide when to exit: after the cleanups.
        context.Cancel = true;
        var (name, number) = context.Signal switch
        {
            PosixSignal.SIGINT => ("SIGINT", 2),
            PosixSignal.SIGQUIT => ("SIGQUIT", 3),
            _ => ("SIGTERM", 15),
        };
        Request(name, number);
    }

    private async Task ForceExitAsync()
    {
        if (Interlocked.Exchange(ref _exiting, 1) == 1)
        {
            return;
        }

        Func<Task>[] cleanups;
        lock (_gate)
        {
            cleanups = [.. _cleanups];
        }

        foreach (var cleanup in cleanups)
        {
            try
            {
                await cleanup().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _say($"cleanup on exit failed: {ex.Message}");
            }
        }

        _exit(ExitCode);
    }

    /// <summary>Ends the watch: the run is over, nothing is forced any more.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _watchdog.Cancel();
        _watchdog.Dispose();
        _cancellation.Dispose();
    }
}
