using Deploy.Build.Host.Shutdown;

namespace Deploy.Build.Tests.Host;

public sealed class ShutdownSignalTests
{
    [Fact]
    public void A_stop_request_cancels_the_run_and_sets_the_shell_exit_code()
    {
        var said = new List<string>();
        var exits = new List<int>();
        using var shutdown = new ShutdownSignal(TimeSpan.FromMinutes(10), said.Add, exits.Add);
        Assert.False(shutdown.Token.IsCancellationRequested);
        Assert.Null(shutdown.Received);

        shutdown.Request("SIGTERM", 15);

        Assert.True(shutdown.Token.IsCancellationRequested);
        Assert.Equal("SIGTERM", shutdown.Received);
        Assert.Equal(143, shutdown.ExitCode);
        Assert.Contains(said, l => l.StartsWith("Received SIGTERM: stopping", StringComparison.Ordinal));
        Assert.Empty(exits);
    }

    [Fact]
    public async Task A_second_signal_runs_the_cleanups_then_exits_at_once()
    {
        var exited = new TaskCompletionSource<int>();
        var cleaned = 0;
        using var shutdown = new ShutdownSignal(TimeSpan.FromMinutes(10), _ => { }, code => exited.TrySetResult(code));
        shutdown.OnForcedExit(() =>
        {
            Interlocked.Increment(ref cleaned);
            return Task.CompletedTask;
        });

        shutdown.Request("SIGINT", 2);
        shutdown.Request("SIGTERM", 15);

        Assert.Equal(130, await exited.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, cleaned);
    }

    [Fact]
    public async Task A_run_that_stops_within_the_grace_period_is_not_forced()
    {
        var exits = new List<int>();
        using (var shutdown = new ShutdownSignal(TimeSpan.FromMilliseconds(200), _ => { }, exits.Add))
        {
            shutdown.Request("SIGTERM", 15);
        }

        await Task.Delay(500);
        Assert.Empty(exits);
    }
}
