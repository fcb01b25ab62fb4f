using System.Security.Cryptography;
using System.Text;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;

namespace Deploy.Build.Steps.StaticSite;

public sealed record InvalidationOptions(TimeSpan Wait = default, TimeSpan? PollInterval = null, int MaxBusyAttempts = 8, TimeSpan? BusyDelay = null);

/// <summary>
/// Creates one invalidation for a set of paths: idempotent across retries (the CallerReference is derived from
/// the release and the paths), patient with TooManyInvalidationsInProgress (CloudFront allows 3,000 paths and
/// 15 wildcards in progress), and optionally waits for it to complete.
/// </summary>
public sealed class CdnInvalidator(ICloudFrontClient cloudFront, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    public const string TooManyInProgress = "TooManyInvalidationsInProgress";

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public static string CallerReference(string releaseVersion, IEnumerable<string> paths)
    {
        var joined = string.Join('\n', paths.Order(StringComparer.Ordinal));
        return $"{releaseVersion}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16]}";
    }

    public async Task<Invalidation> InvalidateAsync(string distributionId, IReadOnlyList<string> paths, string releaseVersion,
        InvalidationOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        if (paths.Count == 0)
        {
            throw new ArgumentException("nothing to invalidate", nameof(paths));
        }

        var request = new CreateInvalidationRequest(distributionId, new InvalidationBatch(CallerReference(releaseVersion, paths), new InvalidationPaths(paths)));
        var invalidation = await CreateAsync(request, options, log, cancellationToken).ConfigureAwait(false);
        if (options.Wait <= TimeSpan.Zero || invalidation.IsCompleted)
        {
            return invalidation;
        }

        var deadline = DateTimeOffset.UtcNow + options.Wait;
        while (!invalidation.IsCompleted)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"invalidation {invalidation.Id} on {distributionId} still {invalidation.Status} after {options.Wait.TotalMinutes:0.#} min");
            }

            await _delay(options.PollInterval ?? TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            invalidation = (await cloudFront.GetInvalidationAsync(new GetInvalidationRequest(distributionId, invalidation.Id), cancellationToken).ConfigureAwait(false)).Invalidation;
        }

        return invalidation;
    }

    private async Task<Invalidation> CreateAsync(CreateInvalidationRequest request, InvalidationOptions options, Action<string>? log, CancellationToken cancellationToken)
    {
        var wait = options.BusyDelay ?? TimeSpan.FromSeconds(15);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await cloudFront.CreateInvalidationAsync(request, cancellationToken).ConfigureAwait(false)).Invalidation;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == TooManyInProgress && attempt < options.MaxBusyAttempts)
            {
                log?.Invoke($"{TooManyInProgress} on {request.DistributionId}; retrying in {wait.TotalSeconds:0} s ({attempt}/{options.MaxBusyAttempts - 1})");
                await _delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
            }
        }
    }
}
