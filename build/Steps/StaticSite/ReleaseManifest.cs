using System.Globalization;
using System.Text.Json;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>What one release put in the bucket: stored under the site's prefix, so pruning knows which objects older pages still need.</summary>
public sealed record ReleaseManifest(string Version, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, ManifestEntry> Files)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static ReleaseManifest From(string version, DateTimeOffset createdAt, IEnumerable<LocalFile> files) =>
        new(version, createdAt, files.ToDictionary(f => f.Key, f => new ManifestEntry(f.Md5Hex, f.Size, f.ContentType, f.CacheControl), StringComparer.Ordinal));

    /// <summary>Whether two releases put exactly the same objects, with the same headers (then no new manifest is written).</summary>
    public bool SameFilesAs(ReleaseManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Files.Count == other.Files.Count
               && Files.All(f => other.Files.TryGetValue(f.Key, out var o) && o == f.Value);
    }

    /// <summary>Manifest keys sort by time: releases/&lt;UTC timestamp&gt;-&lt;version&gt;.json.</summary>
    public string KeyUnder(string prefix) =>
        SiteKeys.ListPrefix(prefix) + SiteKeys.ReleasesFolder
        + CreatedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + SafeVersion(Version) + ".json";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads the manifest at <paramref name="key"/> (an S3 404 is the caller's to handle).</summary>
    public static async Task<ReleaseManifest> ReadAsync(Amazon.S3.IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s3);
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(response.ResponseStream);
        return Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }

    public static ReleaseManifest Parse(string json)
    {
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(json, Json) ?? throw new JsonException("empty release manifest");
        return manifest with { Files = new Dictionary<string, ManifestEntry>(manifest.Files, StringComparer.Ordinal) };
    }

    private static string SafeVersion(string version) =>
        new(version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '-').ToArray());
}

public sealed record ManifestEntry(string Md5, long Size, string ContentType, string CacheControl);

/// <summary>The release manifests found in the bucket, newest first, with their keys.</summary>
public sealed record ReleaseHistory(IReadOnlyList<(string Key, ReleaseManifest Manifest)> Releases)
{
    public static readonly ReleaseHistory Empty = new([]);

    public ReleaseManifest? Latest => Releases.Count > 0 ? Releases[0].Manifest : null;
}
