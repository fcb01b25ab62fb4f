using Amazon.S3;
using Amazon.S3.Model;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Steps.Verify;

/// <summary>What differs between the live environment and its live release (one line each, naming the resource), and what matched.</summary>
public sealed record DriftReport(IReadOnlyList<string> Drift, IReadOnlyList<string> InSync)
{
    public bool InSyncWithRelease => Drift.Count == 0;
}

/// <summary>
/// Drift detection, read-only: compares what runs with what the live release record says should. Per service: the task
/// definition it runs, the image digest in it, and its desired count; per static site: every file of the release
/// manifest, by content (ETag against the recorded MD5) and headers (Content-Type, Cache-Control). The infrastructure
/// plan (the third part) is the caller's: it runs the environment's own runner as the plan role.
/// </summary>
public static class ReleaseDrift
{
    public static async Task<DriftReport> CheckAsync(DeployConfig config, InfraOutputs outputs, AuditRecord live, IEcsClient ecs, IAmazonS3 s3,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(live);
        var drift = new List<string>();
        var ok = new List<string>();
        await CheckServicesAsync(config, outputs, live, ecs, drift, ok, ct).ConfigureAwait(false);
        await CheckSitesAsync(config, outputs, live, s3, drift, ok, ct).ConfigureAwait(false);
        return new DriftReport(drift, ok);
    }

    private static async Task CheckServicesAsync(DeployConfig config, InfraOutputs outputs, AuditRecord live, IEcsClient ecs, List<string> drift, List<string> ok,
        CancellationToken ct)
    {
        var targets = config.Services.Select(s => (Config: s, Target: EcsTargets.For(s, outputs))).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var described = await DeployVerifier.DescribeServicesAsync(ecs, outputs.EcsClusterName, targets.Select(t => t.Target.ServiceName).ToList(), ct).ConfigureAwait(false);
        foreach (var (service, target) in targets)
        {
            if (!described.TryGetValue(target.ServiceName, out var running) || running.Status is "INACTIVE" or "DRAINING" || running.TaskDefinition is null)
            {
                drift.Add($"service {target.ServiceName}: does not exist (release {live.RunId} ran it)");
                continue;
            }

            var differs = new List<string>();
            if (live.TaskDefinitions?.GetValueOrDefault(service.Name) is { } recorded && recorded != running.TaskDefinition)
            {
                differs.Add($"runs task definition {Short(running.TaskDefinition)}, release {live.RunId} ran {Short(recorded)}");
            }

            var definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(running.TaskDefinition), ct).ConfigureAwait(false)).TaskDefinition;
            var image = definition is null ? null : TaskDefinitionRenderer.ImageOf(definition, target.ContainerName);
            var digest = image?.Split('@') is [_, var d] ? d : null;
            if (live.Digests.GetValueOrDefault(service.Image) is { } expected && digest != expected)
            {
                differs.Add($"runs image {image ?? "(none)"}, release {live.RunId} ran {service.Image}@{expected}");
            }

            if (live.DesiredCounts?.GetValueOrDefault(service.Name) is { } count && running.DesiredCount != count)
            {
                differs.Add($"desired count {running.DesiredCount}, release {live.RunId} left {count}");
            }

            if (differs.Count == 0)
            {
                ok.Add($"service {target.ServiceName}: {Short(running.TaskDefinition)}, {digest ?? image}, {running.DesiredCount} task(s)");
            }
            else
            {
                drift.AddRange(differs.Select(d => $"service {target.ServiceName}: {d}"));
            }
        }
    }

    private static async Task CheckSitesAsync(DeployConfig config, InfraOutputs outputs, AuditRecord live, IAmazonS3 s3, List<string> drift, List<string> ok,
        CancellationToken ct)
    {
        foreach (var site in config.StaticSites)
        {
            if (live.Sites?.GetValueOrDefault(site.Name) is not { } manifestKey)
            {
                ok.Add($"site {site.Name}: release {live.RunId} recorded no manifest (not compared)");
                continue;
            }

            var bucket = StaticSiteTargets.RequireBucket(outputs);
            ReleaseManifest manifest;
            try
            {
                manifest = await ReleaseManifest.ReadAsync(s3, bucket, manifestKey, ct).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                drift.Add($"site {site.Name}: release {live.RunId}'s manifest s3://{bucket}/{manifestKey} is gone");
                continue;
            }

            var differs = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(manifest.Files, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (file, token) =>
            {
                var (key, entry) = (file.Key, file.Value);
                try
                {
                    var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, token).ConfigureAwait(false);
                    var etag = (head.ETag ?? string.Empty).Trim('"');
                    var md5 = etag.Contains('-', StringComparison.Ordinal) ? head.Metadata[S3SiteSync.ContentHashMetadata] : etag;
                    if (!string.Equals(md5, entry.Md5, StringComparison.OrdinalIgnoreCase))
                    {
                        differs.Add($"s3://{bucket}/{key}: content differs from release {live.RunId}'s (MD5 {md5}, expected {entry.Md5})");
                    }

                    if (head.Headers.ContentType != entry.ContentType)
                    {
                        differs.Add($"s3://{bucket}/{key}: Content-Type '{head.Headers.ContentType}', release {live.RunId} set '{entry.ContentType}'");
                    }

                    if (head.Headers.CacheControl != entry.CacheControl)
                    {
                        differs.Add($"s3://{bucket}/{key}: Cache-Control '{head.Headers.CacheControl}', release {live.RunId} set '{entry.CacheControl}'");
                    }
                }
                catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    differs.Add($"s3://{bucket}/{key}: missing (release {live.RunId} put it)");
                }
            }).ConfigureAwait(false);

            if (differs.IsEmpty)
            {
                ok.Add($"site {site.Name}: {manifest.Files.Count} files as release {live.RunId} put them");
            }
            else
            {
                drift.AddRange(differs.Select(d => $"site {site.Name}: {d}").Order(StringComparer.Ordinal));
            }
        }
    }

    private static string Short(string taskDefinitionArn) => taskDefinitionArn[(taskDefinitionArn.LastIndexOf('/') + 1)..];
}
