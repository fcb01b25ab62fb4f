using System.Security.Cryptography;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>A file of the local build, with what the bucket object must look like.</summary>
public sealed record LocalFile(string RelativePath, string Key, string FullPath, long Size, string Md5Hex, string ContentType, string CacheControl)
{
    public bool IsEntryPoint => CacheRules.IsEntryPoint(RelativePath);
}

/// <summary>An object listed under the site's prefix. ETag is unquoted; a multipart ETag has a '-N' suffix.</summary>
public sealed record RemoteObject(string Key, long Size, string ETag)
{
    public bool IsMultipart => ETag.Contains('-', StringComparison.Ordinal);
}

/// <summary>Object keys of a site: its relative paths under an optional prefix.</summary>
public static class SiteKeys
{
    /// <summary>Where release manifests live, under the site's prefix.</summary>
    public const string ReleasesFolder = ".deploy/releases/";

    /// <summary>
    /// Where each release's pages (every file not cached as immutable, so overwritten in place by the next release) are
    /// also kept, by content: <c>.deploy/objects/&lt;md5&gt;</c>. A rollback restores them from there.
    /// </summary>
    public const string CopiesFolder = ".deploy/objects/";

    public static string CopyKey(string prefix, string md5Hex) => ListPrefix(prefix) + CopiesFolder + md5Hex.ToLowerInvariant();

    public static bool IsCopy(string prefix, string key) => key.StartsWith(ListPrefix(prefix) + CopiesFolder, StringComparison.Ordinal);

    /// <summary>The pipeline's own objects under the site's prefix (manifests and kept copies): never site files.</summary>
    public static bool IsPipelineObject(string prefix, string key) => IsManifest(prefix, key) || IsCopy(prefix, key);

    public static string Key(string prefix, string relativePath) =>
        string.IsNullOrEmpty(prefix) ? relativePath : prefix.Trim('/') + "/" + relativePath;

    public static string ListPrefix(string prefix) => string.IsNullOrEmpty(prefix) ? string.Empty : prefix.Trim('/') + "/";

    public static string Relative(string prefix, string key) => key[ListPrefix(prefix).Length..];

    public static bool IsManifest(string prefix, string key) => key.StartsWith(ListPrefix(prefix) + ReleasesFolder, StringComparison.Ordinal);
}

/// <summary>Reads the local build: every file, hashed in parallel (MD5, as S3 reports it in single-part ETags).</summary>
public static class SiteScanner
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "MD5 is S3's ETag for single-part objects; it identifies content, it protects nothing.")]
    public static async Task<IReadOnlyList<LocalFile>> ScanAsync(string root, string prefix, CacheRules cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"static site folder '{root}' does not exist (did its build run?)");
        }

        var paths = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
        var files = new LocalFile[paths.Length];
        await Parallel.ForAsync(0, paths.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount * 2 },
            async (i, ct) =>
            {
                var full = paths[i];
                var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
                var stream = File.OpenRead(full);
                await using (stream.ConfigureAwait(false))
                {
                    var md5 = Convert.ToHexStringLower(await MD5.HashDataAsync(stream, ct).ConfigureAwait(false));
                    files[i] = new LocalFile(relative, SiteKeys.Key(prefix, relative), full, stream.Length, md5, ContentTypes.For(relative), cache.For(relative));
                }
            }).ConfigureAwait(false);
        return files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
    }
}
