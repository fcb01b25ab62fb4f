using Cake.Core.Diagnostics;

namespace Deploy.Build.Steps.Images;

/// <summary>Where a promotion copies from and to: staging's repository in staging's registry, production's in production's.</summary>
public sealed record PromotionRoute(DistributionRegistry Source, string SourceRepository, DistributionRegistry Target, string TargetRepository);

/// <summary>
/// Promotion: production gets the exact image staging tested, by digest, never a rebuild and never pull/tag/push. The
/// blobs and manifests go registry to registry over the distribution API (across accounts: production's role reads
/// staging's repository, which staging's repository policy allows), so the digest is the same.
/// </summary>
public sealed class ImagePromoter(ICakeLog log)
{
    /// <summary>Promotes the image staging's <paramref name="sourceTag"/> names, under <paramref name="targetTag"/> in production's repository.</summary>
    /// <returns>The digest now tagged in the target repository, or null in dry-run when it would be copied.</returns>
    public async Task<string?> PromoteAsync(PromotionRoute route, string sourceTag, string targetTag, bool dryRun, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        var (source, sourceRepository, target, targetRepository) = route;
        var tag = targetTag;
        var digest = await source.FindDigestAsync(sourceRepository, sourceTag, ct).ConfigureAwait(false)
                     ?? throw new InvalidOperationException($"{sourceRepository}:{sourceTag} is not in {source.Description}: production deploys only what staging tested, so deploy this source to staging first");
        var existing = await target.FindDigestAsync(targetRepository, tag, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing == digest
                ? existing
                : throw new InvalidOperationException($"{targetRepository}:{tag} is {existing}, but staging tested {digest}; tags are immutable, so this release cannot be promoted");
        }

        if (dryRun)
        {
            log.Information("Would copy {0}/{1}@{2} to {3}/{4}:{5}", source.Address, sourceRepository, digest, target.Address, targetRepository, tag);
            return null;
        }

        var copied = await target.CopyFromAsync(source, sourceRepository, digest, targetRepository, tag, ct).ConfigureAwait(false);
        if (copied != digest)
        {
            throw new InvalidOperationException($"copying {sourceRepository}@{digest} gave {copied} in {targetRepository}");
        }

        log.Information("Copied {0}/{1}@{2} to {3}/{4}:{5}", source.Address, sourceRepository, digest, target.Address, targetRepository, tag);
        return copied;
    }
}
