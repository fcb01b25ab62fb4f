namespace Deploy.Build.Steps.DeployLock;

/// <summary>Lock policy: take it, wait for it up to a limit, or take over an expired one; fail naming the holder.</summary>
public sealed class DeployLockService(DeployStateStore store, TimeProvider time)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(2);

    /// <returns>The ETag of our lock object, needed to release it.</returns>
    public async Task<string?> AcquireAsync(LockRecord wanted, TimeSpan wait, TimeSpan pollInterval, Action<string> log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(log);
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var attempt = await store.TryAcquireAsync(wanted, ct).ConfigureAwait(false);
            if (attempt.Acquired)
            {
                return attempt.ETag;
            }

            var holder = attempt.Holder;
            if (holder is null)
            {
                continue; // released between our write and our read: try again at once
            }

            if (holder.RunId == wanted.RunId)
            {
                // Our own write landed but its answer was lost; the retry then met our lock.
                return attempt.ETag;
            }

            if (holder.IsExpired(time.GetUtcNow()))
            {
                log($"taking over the expired lock of {holder.Describe()}");
                await store.ReleaseAsync(wanted.Environment, attempt.ETag, ct).ConfigureAwait(false);
                continue;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new DeployLockedException(
                    $"Deploy of {wanted.Environment} is locked by {holder.Describe()}: wait for it, or run ./build.sh --target=Unlock --environment={wanted.Environment} if it is stale.");
            }

            log($"waiting for the deploy lock held by {holder.Describe()}");
            await Task.Delay(pollInterval, time, ct).ConfigureAwait(false);
        }
    }
}

public sealed class DeployLockedException(string message) : Exception(message);
