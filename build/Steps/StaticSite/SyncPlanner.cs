namespace Deploy.Build.Steps.StaticSite;

public enum ChangeKind
{
    /// <summary>Not in the bucket yet.</summary>
    New,

    /// <summary>In the bucket with other content.</summary>
    Content,

    /// <summary>Same content, but the Content-Type or Cache-Control the rules now give differs from the last release's.</summary>
    Headers,
}

public sealed record FileChange(LocalFile File, ChangeKind Kind);

/// <summary>What a sync will do, decided before anything is written.</summary>
public sealed record SyncPlan(
    IReadOnlyList<FileChange> Uploads,
    IReadOnlyList<LocalFile> Unchanged,
    IReadOnlyList<RemoteObject> Deletes,
    IReadOnlyList<RemoteObject> Retained,
    ReleaseManifest Manifest,
    string? ManifestKeyToWrite,
    IReadOnlyList<string> ManifestsToDelete,
    IReadOnlyList<string> InvalidationCandidates,
    string? LiveManifestKey = null,
    IReadOnlyList<LocalFile>? CopiesToKeep = null,
    IReadOnlyList<string>? CopiesToDelete = null)
{
    /// <summary>Uploaded pages to copy under <see cref="SiteKeys.CopiesFolder"/> (one per content), so a rollback finds them.</summary>
    public IReadOnlyList<LocalFile> Copies => CopiesToKeep ?? [];

    /// <summary>Kept copies no kept release references any more.</summary>
    public IReadOnlyList<string> StaleCopies => CopiesToDelete ?? [];

    /// <summary>Deploy order, phase 1: new and changed assets, so every page about to go live finds them.</summary>
    public IReadOnlyList<FileChange> Assets => Uploads.Where(u => !u.File.IsEntryPoint).ToList();

    /// <summary>Deploy order, phase 2: the pages (entry points), last.</summary>
    public IReadOnlyList<FileChange> EntryPoints => Uploads.Where(u => u.File.IsEntryPoint).ToList();

    public long UploadBytes => Uploads.Sum(u => u.File.Size);

    public bool ChangesNothing => Uploads.Count == 0 && Deletes.Count == 0 && ManifestKeyToWrite is null && ManifestsToDelete.Count == 0
                                  && Copies.Count == 0 && StaleCopies.Count == 0;
}

/// <summary>
/// The sync decisions, pure: by content (MD5 against a single-part ETag, or the hash the engine stored in a
/// multipart object's metadata), never by modification time; deploy order; and pruning that keeps what the
/// previous <c>keepReleases</c> releases still reference.
/// </summary>
public static class SyncPlanner
{
    public static SyncPlan Plan(
        IReadOnlyList<LocalFile> local,
        IEnumerable<RemoteObject> remote,
        IReadOnlyDictionary<string, string> storedContentHashes,
        ReleaseHistory history,
        string prefix,
        int keepReleases,
        string version,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(storedContentHashes);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(keepReleases);

        var remoteList = remote.ToList();
        var objects = remoteList.Where(o => !SiteKeys.IsPipelineObject(prefix, o.Key)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var copies = remoteList.Where(o => SiteKeys.IsCopy(prefix, o.Key)).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var latest = history.Latest;
        var uploads = new List<FileChange>();
        var unchanged = new List<LocalFile>();
        foreach (var file in local)
        {
            var kind = Decide(file, objects.GetValueOrDefault(file.Key), storedContentHashes, latest);
            if (kind is null)
            {
                unchanged.Add(file);
            }
            else
            {
                uploads.Add(new FileChange(file, kind.Value));
            }
        }

        // Assets first, pages last; within each, a stable order.
        uploads = uploads.OrderBy(u => u.File.IsEntryPoint).ThenBy(u => u.File.Key, StringComparer.Ordinal).ToList();

        var manifest = ReleaseManifest.From(version, now, local);
        var isRepeat = latest is not null && manifest.SameFilesAs(latest);
        var previous = history.Releases.Skip(isRepeat ? 1 : 0).ToList();
        var kept = previous.Take(keepReleases).SelectMany(r => r.Manifest.Files.Keys).ToHashSet(StringComparer.Ordinal);
        var known = history.Releases.SelectMany(r => r.Manifest.Files.Keys).ToHashSet(StringComparer.Ordinal);

        // With fewer releases on record than we keep, an object no manifest mentions may belong to one of them.
        var historyTooShort = previous.Count < keepReleases;
        var localKeys = local.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var deletes = new List<RemoteObject>();
        var retained = new List<RemoteObject>();
        foreach (var obj in objects.Values.Where(o => !localKeys.Contains(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (kept.Contains(obj.Key) || (historyTooShort && !known.Contains(obj.Key)))
            {
                retained.Add(obj);
            }
            else
            {
                deletes.Add(obj);
            }
        }

        var manifestsToDelete = previous.Skip(keepReleases).Select(r => r.Key).ToList();
        // New paths too: with the SPA error mapping, CloudFront may hold index.html under a path that did not exist yet.
        var invalidate = uploads.Where(u => !CacheRules.IsImmutable(u.File.CacheControl)).Select(u => u.File.Key)
            .Concat(deletes.Where(d => !CacheRules.IsImmutable(LastCacheControl(history, d.Key))).Select(d => d.Key))
            .Order(StringComparer.Ordinal)
            .ToList();
        // Pages are overwritten in place by the next release: keep each release's copy by content until no kept release needs it.
        var copiesToKeep = local.Where(f => !CacheRules.IsImmutable(f.CacheControl) && !copies.Contains(SiteKeys.CopyKey(prefix, f.Md5Hex)))
            .DistinctBy(f => f.Md5Hex.ToLowerInvariant()).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        var needed = previous.Take(keepReleases).Select(r => r.Manifest).Append(manifest)
            .SelectMany(m => m.Files.Values.Select(e => SiteKeys.CopyKey(prefix, e.Md5))).ToHashSet(StringComparer.Ordinal);
        var staleCopies = copies.Where(k => !needed.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var liveKey = isRepeat ? history.Releases[0].Key : manifest.KeyUnder(prefix);
        return new SyncPlan(uploads, unchanged, deletes, retained, manifest, isRepeat ? null : liveKey, manifestsToDelete, invalidate, liveKey, copiesToKeep, staleCopies);
    }

    /// <summary>Null when the object already holds this file's content and headers.</summary>
    public static ChangeKind? Decide(LocalFile file, RemoteObject? remote, IReadOnlyDictionary<string, string> storedContentHashes, ReleaseManifest? latest)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(storedContentHashes);
        if (remote is null)
        {
            return ChangeKind.New;
        }

        var sameContent = remote.Size == file.Size && (remote.IsMultipart
            ? storedContentHashes.TryGetValue(remote.Key, out var stored) && string.Equals(stored, file.Md5Hex, StringComparison.OrdinalIgnoreCase)
            : string.Equals(remote.ETag, file.Md5Hex, StringComparison.OrdinalIgnoreCase));
        if (!sameContent)
        {
            return ChangeKind.Content;
        }

        return latest?.Files.TryGetValue(file.Key, out var entry) == true
               && (entry.ContentType != file.ContentType || entry.CacheControl != file.CacheControl)
            ? ChangeKind.Headers
            : null;
    }

    // A deleted object's caching is what it was uploaded with; unknown means it may be cached: invalidate it.
    private static string LastCacheControl(ReleaseHistory history, string key) =>
        history.Releases.Select(r => r.Manifest.Files.GetValueOrDefault(key)?.CacheControl).FirstOrDefault(c => c is not null) ?? string.Empty;
}
