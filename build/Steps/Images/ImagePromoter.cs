using Cake.Core.Diagnostics;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// Promotion: production gets the exact image staging tested, by digest, never a rebuild. The manifest is
/// copied through the registry (ECR BatchGetImage/PutImage, or the registry API locally), so the digest is the same.
/// </summary>
public sealed class ImagePromoter(IImageRegistry registry, ICakeLog log)
{
    /// <returns>The digest now tagged in the target repository, or null in dry-run when it would be copied.</returns>
    public async Task<string?> PromoteAsync(string sourceRepository, string targetRepository, string tag, bool dryRun, CancellationToken ct = default)
    {
        var digest = await registry.FindDigestAsync(sourceRepository, tag, ct).ConfigureAwait(false)
                     ?? throw new InvalidOperationException($"{sourceRepository}:{tag} is not in {registry.Description}: production deploys only what staging tested, so deploy this release to staging first");
        var existing = await registry.FindDigestAsync(targetRepository, tag, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing == digest
                ? existing
                : throw new InvalidOperationException($"{targetRepository}:{tag} is {existing}, but staging tested {digest}; tags are immutable, so this release cannot be promoted");
        }

        if (dryRun)
        {
            log.Information("Would copy {0}@{1} to {2}:{3}", sourceRepository, digest, targetRepository, tag);
            return null;
        }

        var copied = await registry.CopyImageAsync(sourceRepository, digest, targetRepository, tag, ct).ConfigureAwait(false);
        if (copied != digest)
        {
            throw new InvalidOperationException($"copying {sourceRepository}@{digest} gave {copied} in {targetRepository}");
        }

        log.Information("Copied {0}@{1} to {2}:{3}", sourceRepository, digest, targetRepository, tag);
        return copied;
    }
}
