namespace Deploy.Build.LocalCloud;

/// <summary>
/// One LocalUp/LocalDown at a time per state folder (two terminals, or a deploy and a test run):
/// an exclusively opened lock file, released on dispose or when the process dies.
/// </summary>
public sealed class StateLock : IDisposable
{
    private readonly FileStream? _file;

    private StateLock(FileStream? file) => _file = file;

    /// <summary>Waits for the lock; a null folder (nothing to protect yet) gives a no-op lock.</summary>
    public static async Task<StateLock> AcquireAsync(string? runDirectory, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        if (runDirectory is null)
        {
            return new StateLock(null);
        }

        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, "lock");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (true)
        {
            try
            {
                return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new LocalCloudException($"Another run holds {path} (LocalUp, LocalDown or a local bootstrap); try again when it has finished.", ex);
            }
        }
    }

    public void Dispose() => _file?.Dispose();
}
