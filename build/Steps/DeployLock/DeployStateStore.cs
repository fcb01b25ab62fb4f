using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>The outcome of one attempt to take the lock.</summary>
public sealed record LockAttempt(bool Acquired, LockRecord? Holder, string? ETag);

/// <summary>
/// Deploy lock and audit log in one S3 bucket every runner sees (the environment's state bucket; the local
/// cloud's S3 for local). The lock is an object created with a conditional write (If-None-Match: *), so
/// exactly one of two racing deploys gets it; audit records are one object per deploy.
/// </summary>
public sealed class DeployStateStore(IAmazonS3 s3, string bucket, string region)
{
    /// <summary>
    /// Every object the pipeline writes to the state bucket is under this prefix: the deploy role may write there
    /// (and to *.tflock) and nowhere else (modules/ci-access, deploy_metadata_prefix; review row 12).
    /// </summary>
    public const string MetadataPrefix = "deploy/";
    public const string LockPrefix = MetadataPrefix + "lock/";
    public const string AuditPrefix = MetadataPrefix + "audit/";
    public const string MigrationsPrefix = MetadataPrefix + "migrations/";

    public string Bucket { get; } = bucket;

    public static string LockKey(string environment) => $"{LockPrefix}{environment}.json";

    public static string MigrationKey(string environment) => $"{MigrationsPrefix}{environment}.json";

    /// <summary>The environment's last successful migration run, or none (never recorded, or no bucket yet).</summary>
    public async Task<Services.MigrationRecord?> ReadMigrationAsync(string environment, CancellationToken ct = default)
    {
        try
        {
            using var response = await s3.GetObjectAsync(Bucket, MigrationKey(environment), ct).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            return Services.MigrationRecord.FromJson(await reader.ReadToEndAsync(ct).ConfigureAwait(false));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task WriteMigrationAsync(Services.MigrationRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = MigrationKey(record.Environment),
            ContentBody = record.ToJson(),
            ContentType = "application/json",
        }, ct).ConfigureAwait(false);
    }

    /// <summary>False when the bucket does not exist (HeadBucket 404); an access problem is an error.</summary>
    public async Task<bool> BucketExistsAsync(CancellationToken ct = default)
    {
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = Bucket }, ct).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchBucket" || ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task EnsureBucketAsync(CancellationToken ct = default)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket, BucketRegionName = region }, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    public async Task<LockAttempt> TryAcquireAsync(LockRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var put = await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = LockKey(record.Environment),
                ContentBody = record.ToJson(),
                ContentType = "application/json",
                IfNoneMatch = "*",
            }, ct).ConfigureAwait(false);
            return new LockAttempt(true, record, put.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            var (holder, etag) = await ReadLockAsync(record.Environment, ct).ConfigureAwait(false);
            return new LockAttempt(false, holder, etag);
        }
    }

    public async Task<(LockRecord? Holder, string? ETag)> ReadLockAsync(string environment, CancellationToken ct = default)
    {
        try
        {
            using var response = await s3.GetObjectAsync(Bucket, LockKey(environment), ct).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            return (LockRecord.FromJson(await reader.ReadToEndAsync(ct).ConfigureAwait(false)), response.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
    }

    /// <summary>Removes the lock, only if it is still the one we saw (If-Match), so a newer holder is never evicted.</summary>
    public async Task<bool> ReleaseAsync(string environment, string? etag, CancellationToken ct = default)
    {
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = LockKey(environment), IfMatch = etag }, ct).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task AppendAuditAsync(AuditRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = record.Key,
            ContentBody = record.ToJson(),
            ContentType = "application/json",
            IfNoneMatch = "*",
        }, ct).ConfigureAwait(false);
    }

    /// <summary>The history, or none when the bucket does not exist yet (nothing was ever deployed).</summary>
    public async Task<IReadOnlyList<AuditRecord>> HistoryOrNoneAsync(string environment, int count, CancellationToken ct = default)
    {
        try
        {
            return await HistoryAsync(environment, count, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            return [];
        }
    }

    /// <summary>The lock's holder for a dry run's report, or none when there is no bucket yet.</summary>
    public async Task<LockRecord?> HolderOrNoneAsync(string environment, CancellationToken ct = default)
    {
        try
        {
            return (await ReadLockAsync(environment, ct).ConfigureAwait(false)).Holder;
        }
        catch (AmazonS3Exception)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<AuditRecord>> HistoryAsync(string environment, int count, CancellationToken ct = default) =>
        ReadAuditAsync(environment, keys => keys.Reverse().Take(count), ct);

    /// <summary>Every record of runs started at or after <paramref name="since"/>, oldest first (keys sort by start time, so only those are read).</summary>
    public Task<IReadOnlyList<AuditRecord>> HistorySinceAsync(string environment, DateTimeOffset since, CancellationToken ct = default) =>
        ReadAuditAsync(environment, keys => KeysSince(keys, environment, since), ct);

    /// <summary>The audit keys (<see cref="AuditRecord.Key"/>) of runs started at or after <paramref name="since"/>, by name alone.</summary>
    public static IEnumerable<string> KeysSince(IEnumerable<string> keys, string environment, DateTimeOffset since)
    {
        var from = $"{AuditPrefix}{environment}/{since.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        return keys.Where(k => string.CompareOrdinal(k, from) >= 0);
    }

    /// <summary>The records since a time, or none when the bucket does not exist yet.</summary>
    public async Task<IReadOnlyList<AuditRecord>> HistorySinceOrNoneAsync(string environment, DateTimeOffset since, CancellationToken ct = default)
    {
        try
        {
            return await HistorySinceAsync(environment, since, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            return [];
        }
    }

    /// <summary>Lists the environment's audit keys (in key order, i.e. by start time) and reads those <paramref name="choose"/> picks, in its order.</summary>
    private async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string environment, Func<IEnumerable<string>, IEnumerable<string>> choose, CancellationToken ct)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = $"{AuditPrefix}{environment}/",
                ContinuationToken = token,
            }, ct).ConfigureAwait(false);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        var records = new List<AuditRecord>();
        foreach (var key in choose(keys.Order(StringComparer.Ordinal)))
        {
            using var response = await s3.GetObjectAsync(Bucket, key, ct).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            records.Add(AuditRecord.FromJson(await reader.ReadToEndAsync(ct).ConfigureAwait(false)));
        }

        return records;
    }
}
