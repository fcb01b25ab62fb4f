namespace Deploy.Build.Tests.Images;

/// <summary>Watches every process's command line (/proc/*/cmdline, what `ps` shows) for a secret while a test runs.</summary>
public sealed class ProcessListWatch : IAsyncDisposable
{
    private readonly string _secret;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _found = [];
    private readonly Task _loop;

    private ProcessListWatch(string secret)
    {
        _secret = secret;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Command lines that held the secret (empty is the expected answer).</summary>
    public IReadOnlyList<string> Found
    {
        get
        {
            lock (_found)
            {
                return [.. _found];
            }
        }
    }

    public int Scans { get; private set; }

    public static ProcessListWatch Start(string secret) => new(secret);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var cmdline = (await File.ReadAllTextAsync(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                    if (cmdline.Contains(_secret, StringComparison.Ordinal))
                    {
                        lock (_found)
                        {
                            _found.Add(cmdline);
                        }
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            Scans++;
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
