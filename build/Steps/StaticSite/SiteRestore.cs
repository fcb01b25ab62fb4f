using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>
/// A release's files, fetched back from the bucket for a rollback: the release manifest names each file's content and
/// headers; the content is read from the object at its key when it still holds it (an asset: content-named, kept by
/// <c>keepReleases</c>), else from the copy kept by content (a page). Every file is found before any is fetched, so a
/// release that was pruned is refused in one line naming what is gone. The fetched files then go through the ordinary
/// sync (assets first, pages last, a new manifest, pruning, the invalidation of exactly the paths that change).
/// </summary>
public static class SiteRestore
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "MD5 is S3's ETag for single-part objects; it identifies content, it protects nothing.")]
    public static async Task<IReadOnlyList<LocalFile>> FetchAsync(IAmazonS3 s3, S3SiteSync sync, SiteTarget target, string manifestKey, string release,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(target);
        var remote = (await sync.ListAsync(target.Bucket, SiteKeys.ListPrefix(target.Prefix), cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.Key, StringComparer.Ordinal);
        if (!remote.ContainsKey(manifestKey))
        {
            throw new SiteRestoreException($"{target.Name}: release {release}'s manifest {manifestKey} is no longer in s3://{target.Bucket} (pruned: only the last {target.KeepReleases} releases are kept, keepReleases)");
        }

        var manifest = await ReleaseManifest.ReadAsync(s3, target.Bucket, manifestKey, cancellationToken).ConfigureAwait(false);

        var sources = new List<(string Key, ManifestEntry Entry, string Source)>();
        var missing = new List<string>();
        foreach (var (key, entry) in manifest.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var copy = SiteKeys.CopyKey(target.Prefix, entry.Md5);
            if (remote.TryGetValue(key, out var current) && !current.IsMultipart && string.Equals(current.ETag, entry.Md5, StringComparison.OrdinalIgnoreCase))
            {
                sources.Add((key, entry, key));
            }
            else if (remote.ContainsKey(copy))
            {
                sources.Add((key, entry, copy));
            }
            else
            {
                missing.Add(key);
            }
        }

        if (missing.Count > 0)
        {
            throw new SiteRestoreException($"{target.Name}: release {release}'s files are no longer kept ({missing.Count} of {manifest.Files.Count}, e.g. {missing[0]}): "
                                           + $"pruned after {target.KeepReleases} newer releases (keepReleases), or written before releases kept copies; deploy that commit again instead");
        }

        Directory.CreateDirectory(target.SourceDirectory);
        var files = new LocalFile[sources.Count];
        await Parallel.ForAsync(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (key, entry, source) = sources[i];
            var relative = SiteKeys.Relative(target.Prefix, key);
            var path = Path.GetFullPath(Path.Combine(target.SourceDirectory, relative));
            if (!path.StartsWith(Path.GetFullPath(target.SourceDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new SiteRestoreException($"{target.Name}: release {release}'s manifest names {key}, outside the site");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var response = await s3.GetObjectAsync(target.Bucket, source, ct).ConfigureAwait(false))
            await using (var file = File.Create(path))
            {
                await response.ResponseStream.CopyToAsync(file, ct).ConfigureAwait(false);
            }

            await using var read = File.OpenRead(path);
            var md5 = Convert.ToHexStringLower(await MD5.HashDataAsync(read, ct).ConfigureAwait(false));
            if (!string.Equals(md5, entry.Md5, StringComparison.OrdinalIgnoreCase) || read.Length != entry.Size)
            {
                throw new SiteRestoreException($"{target.Name}: {source} does not hold release {release}'s {key} (MD5 {md5}, expected {entry.Md5})");
            }

            files[i] = new LocalFile(relative, key, path, entry.Size, entry.Md5.ToLowerInvariant(), entry.ContentType, entry.CacheControl);
        }).ConfigureAwait(false);
        return files;
    }
}

/// <summary>A release's site cannot be put back (pruned, or not what the manifest says): the rollback changes nothing.</summary>
public sealed class SiteRestoreException(string message) : Exception(message);
