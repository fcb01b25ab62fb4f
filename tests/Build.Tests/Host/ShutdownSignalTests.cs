using Deploy.Build.Shutdown;

namespace Deploy.Build.Tests.Host;

public sealed class ShutdownSignalTests
{
    [Fact]
    public void A_stop_request_cancels_the_run_and_sets_the_shell_exit_code()
    {
        var said = new List<string>();
        using var shutdown = new ShutdownSignal(TimeSpan.FromMinutes(10), said.Add);
        Assert.False(shutdown.Token.IsCancellationRequested);
        Assert.Null(shutdown.Received);

        shutdown.Request("SIGTERM", 15);

        Assert.True(shutdown.Token.IsCancellationRequested);
        Assert.Equal("SIGTERM", shutdown.Received);
        Assert.Equal(143, shutdown.ExitCode);
        Assert.Contains(said, l => l.StartsWith("Received SIGTERM: stopping", StringComparison.Ordinal));
    }
}
