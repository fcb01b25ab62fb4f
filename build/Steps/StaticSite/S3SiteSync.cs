using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>One static site's destination and rules.</summary>
public sealed record SiteTarget(string Name, string Bucket, string Prefix, string SourceDirectory, CacheRules Cache, int KeepReleases, string Version);

public sealed record SyncOptions(int Concurrency = Configuration.StaticSiteConfig.DefaultUploadConcurrency, long MultipartThreshold = 16L << 20, long PartSize = 8L << 20, int ListPageSize = 1000);

public sealed record SyncProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal);

public sealed record SyncResult(SyncPlan Plan, long BytesUploaded, int WriteRequests, TimeSpan Elapsed);

/// <summary>
/// Syncs a built static site to its S3 prefix: one paginated listing, local hashing in parallel, uploads in
/// parallel (multipart for large files), assets before pages, a release manifest, then pruning.
/// </summary>
public sealed class S3SiteSync(IAmazonS3 s3, SyncOptions? options = null)
{
    /// <summary>Object metadata holding the content MD5 (hex); a multipart ETag is not one.</summary>
    public const string ContentHashMetadata = "content-md5";

    private readonly SyncOptions _options = options ?? new SyncOptions();

    /// <summary>
    /// Reads only: lists the bucket, reads release manifests and multipart hashes, hashes the local build; or, with
    /// <paramref name="files"/> (a release a rollback fetched back, with its recorded headers), plans those.
    /// </summary>
    public Task<SyncPlan> PlanAsync(SiteTarget target, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PlanAsync(target, now, null, cancellationToken);

    /// <inheritdoc cref="PlanAsync(SiteTarget, DateTimeOffset, CancellationToken)"/>
    public async Task<SyncPlan> PlanAsync(SiteTarget target, DateTimeOffset now, IReadOnlyList<LocalFile>? files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var localTask = files is not null ? Task.FromResult(files) : SiteScanner.ScanAsync(target.SourceDirectory, target.Prefix, target.Cache, cancellationToken);
        var expected = files is not null ? files.Select(f => f.Key)
            : Directory.Exists(target.SourceDirectory)
            ? Directory.EnumerateFiles(target.SourceDirectory, "*", SearchOption.AllDirectories)
                .Select(f => SiteKeys.Key(target.Prefix, Path.GetRelativePath(target.SourceDirectory, f).Replace('\\', '/')))
            : [];
        var remote = await ListAsync(target.Bucket, SiteKeys.ListPrefix(target.Prefix), cancellationToken, expected).ConfigureAwait(false);
        var local = await localTask.ConfigureAwait(false);

        var historyTask = ReadHistoryAsync(target, remote, cancellationToken);
        var sizes = local.ToDictionary(f => f.Key, f => f.Size, StringComparer.Ordinal);

        // Only multipart objects whose size still matches need their stored hash (one HEAD each).
        var stored = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            remote.Where(o => o.IsMultipart && sizes.TryGetValue(o.Key, out var size) && size == o.Size),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (o, ct) =>
            {
                var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = target.Bucket, Key = o.Key }, ct).ConfigureAwait(false);
                if (head.Metadata[ContentHashMetadata] is { Length: > 0 } hash)
                {
                    stored[o.Key] = hash;
                }
            }).ConfigureAwait(false);

        var history = await historyTask.ConfigureAwait(false);
        return SyncPlanner.Plan(local, remote, stored, history, target.Prefix, target.KeepReleases, target.Version, now);
    }

    /// <summary>Carries out a plan: assets, then pages, then the release manifest, then pruning.</summary>
    public async Task<SyncResult> ApplyAsync(SiteTarget target, SyncPlan plan, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        var counters = new Counters(plan.Uploads.Count, plan.UploadBytes, progress);

        await UploadAllAsync(target.Bucket, plan.Assets, counters, cancellationToken).ConfigureAwait(false);
        await UploadAllAsync(target.Bucket, plan.EntryPoints, counters, cancellationToken).ConfigureAwait(false);

        // The release's pages, kept by content for a rollback (a copy inside the bucket; nothing is sent again).
        await Parallel.ForEachAsync(plan.Copies, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            await s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = target.Bucket,
                SourceKey = file.Key,
                DestinationBucket = target.Bucket,
                DestinationKey = SiteKeys.CopyKey(target.Prefix, file.Md5Hex),
            }, ct).ConfigureAwait(false);
            counters.Request();
        }).ConfigureAwait(false);

        if (plan.ManifestKeyToWrite is { } manifestKey)
        {
            using var body = new MemoryStream(plan.Manifest.ToJson());
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = target.Bucket,
                Key = manifestKey,
                InputStream = body,
                ContentType = "application/json",
                Headers = { CacheControl = "no-store" },
            }, cancellationToken).ConfigureAwait(false);
            counters.Request();
        }

        var deletes = plan.Deletes.Select(d => d.Key).Concat(plan.ManifestsToDelete).Concat(plan.StaleCopies).ToList();
        foreach (var batch in deletes.Chunk(1000))
        {
            var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = target.Bucket,
                Quiet = true,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            }, cancellationToken).ConfigureAwait(false);
            counters.Request();
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"S3 refused to delete {errors.Count} object(s), e.g. {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
            }
        }

        return new SyncResult(plan, counters.Bytes, counters.Requests, clock.Elapsed);
    }

    /// <summary>
    /// Lists every object under a prefix, once. One listing's pages come one after another, so the key space is cut
    /// into ranges at keys we expect to find (the local build's, when given) and the ranges are listed in parallel:
    /// each from StartAfter its lower bound until it passes its upper bound.
    /// </summary>
    public async Task<List<RemoteObject>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken, IEnumerable<string>? expectedKeys = null)
    {
        var hints = (expectedKeys ?? []).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(S3KeyOrder.Instance).ToList();
        var perRange = Math.Max(Math.Min(_options.ListPageSize, (hints.Count + MaxParallelListings - 1) / MaxParallelListings), 1);
        var bounds = new List<string?> { null };
        for (var i = perRange - 1; i < hints.Count - 1; i += perRange)
        {
            bounds.Add(hints[i]);
        }

        bounds.Add(null);
        var ranges = await Task.WhenAll(Enumerable.Range(0, bounds.Count - 1).Select(i =>
            ListRangeAsync(bucket, prefix, bounds[i], bounds[i + 1], perRange, cancellationToken))).ConfigureAwait(false);
        return ranges.SelectMany(r => r).ToList();
    }

    private const int MaxParallelListings = 16;

    /// <summary>Objects with after &lt; key &lt;= upTo (open-ended when null), in S3's order.</summary>
    private async Task<List<RemoteObject>> ListRangeAsync(string bucket, string prefix, string? after, string? upTo, int expected, CancellationToken cancellationToken)
    {
        var objects = new List<RemoteObject>();
        var request = new ListObjectsV2Request
        {
            BucketName = bucket,
            Prefix = prefix,
            StartAfter = after,
            MaxKeys = upTo is null ? _options.ListPageSize : Math.Min(_options.ListPageSize, expected + Math.Max(8, expected / 8)),
        };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                if (upTo is not null && S3KeyOrder.Instance.Compare(o.Key, upTo) > 0)
                {
                    return objects;
                }

                objects.Add(new RemoteObject(o.Key, o.Size ?? 0, (o.ETag ?? string.Empty).Trim('"')));
            }

            if (page.IsTruncated != true)
            {
                return objects;
            }

            request.ContinuationToken = page.NextContinuationToken;
            request.MaxKeys = _options.ListPageSize;
        }
    }

    private async Task<ReleaseHistory> ReadHistoryAsync(SiteTarget target, List<RemoteObject> remote, CancellationToken cancellationToken)
    {
        var keys = remote.Where(o => SiteKeys.IsManifest(target.Prefix, o.Key)).Select(o => o.Key).OrderDescending(StringComparer.Ordinal).ToList();
        var manifests = new ReleaseManifest[keys.Count];
        await Parallel.ForAsync(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            manifests[i] = await ReleaseManifest.ReadAsync(s3, target.Bucket, keys[i], ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new ReleaseHistory(keys.Zip(manifests).ToList());
    }

    private async Task UploadAllAsync(string bucket, IReadOnlyList<FileChange> changes, Counters counters, CancellationToken cancellationToken)
    {
        // Largest first, so a big file does not start last and hold up the phase.
        await Parallel.ForEachAsync(
            changes.OrderByDescending(c => c.File.Size),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (change, ct) =>
            {
                if (change.File.Size >= _options.MultipartThreshold)
                {
                    await UploadMultipartAsync(bucket, change.File, counters, ct).ConfigureAwait(false);
                }
                else
                {
                    await UploadSingleAsync(bucket, change.File, ct).ConfigureAwait(false);
                    counters.Request();
                }

                counters.FileDone(change.File.Size);
            }).ConfigureAwait(false);
    }

    private async Task UploadSingleAsync(string bucket, LocalFile file, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = file.Key,
            FilePath = file.FullPath,
            ContentType = file.ContentType,
            MD5Digest = Convert.ToBase64String(Convert.FromHexString(file.Md5Hex)),
            Headers = { CacheControl = file.CacheControl },
        };
        request.Metadata[ContentHashMetadata] = file.Md5Hex;
        await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadMultipartAsync(string bucket, LocalFile file, Counters counters, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = file.Key,
            ContentType = file.ContentType,
            Headers = { CacheControl = file.CacheControl },
        };
        initiate.Metadata[ContentHashMetadata] = file.Md5Hex;
        var upload = await s3.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false);
        counters.Request();
        try
        {
            var parts = (int)((file.Size + _options.PartSize - 1) / _options.PartSize);
            var etags = new PartETag[parts];
            await Parallel.ForAsync(0, parts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var position = i * _options.PartSize;
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = file.Key,
                    UploadId = upload.UploadId,
                    PartNumber = i + 1,
                    FilePath = file.FullPath,
                    FilePosition = position,
                    PartSize = Math.Min(_options.PartSize, file.Size - position),
                }, ct).ConfigureAwait(false);
                counters.Request();
                etags[i] = new PartETag(i + 1, part.ETag);
            }).ConfigureAwait(false);
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = file.Key,
                UploadId = upload.UploadId,
                PartETags = etags.ToList(),
            }, cancellationToken).ConfigureAwait(false);
            counters.Request();
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = file.Key, UploadId = upload.UploadId }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>S3 lists keys in UTF-8 byte order (not .NET's UTF-16 ordinal order, which differs above U+FFFF).</summary>
    private sealed class S3KeyOrder : IComparer<string>
    {
        public static readonly S3KeyOrder Instance = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x ?? string.Empty).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? string.Empty));
    }

    private sealed class Counters(int files, long bytes, IProgress<SyncProgress>? progress)
    {
        private int _files;
        private long _bytes;
        private int _requests;

        public long Bytes => Interlocked.Read(ref _bytes);

        public int Requests => Volatile.Read(ref _requests);

        public void Request() => Interlocked.Increment(ref _requests);

        public void FileDone(long size)
        {
            var done = Interlocked.Increment(ref _files);
            var sent = Interlocked.Add(ref _bytes, size);
            progress?.Report(new SyncProgress(done, files, sent, bytes));
        }
    }
}
