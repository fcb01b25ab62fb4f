using Amazon.S3;
using Amazon.S3.Model;
using Deploy.Build.Aws;
using Deploy.Build.Aws.S3;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.StaticSite;

/// <summary>The sync engine against a real moto S3, every request counted by a loopback proxy in front of it.</summary>
[Trait("Category", "Integration")]
public sealed class S3SiteSyncIntegrationTests(MotoServer moto) : IClassFixture<MotoServer>, IAsyncLifetime, IDisposable
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private static readonly CacheRules Rules = new(
        [new CacheRule("assets/**", Immutable), new CacheRule("**/*.html", "no-cache")], "public, max-age=300");

    private readonly TempDir _site = new();
    private readonly string _bucket = "site-" + Guid.NewGuid().ToString("N")[..12];
    private FaultProxy? _proxy;
    private AmazonS3Client? _s3;
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private FaultProxy Proxy => _proxy!;

    private AmazonS3Client S3 => _s3!;

    public async Task InitializeAsync()
    {
        _proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.None);
        _s3 = S3ClientFactory.Create(AwsSettings.ForLocal("ap-northeast-1", _proxy.Endpoint));
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = _bucket, BucketRegionName = "ap-northeast-1" });
        _site.Write("index.html", "<html>v1</html>");
        _site.Write("docs/index.html", "<html>docs</html>");
        _site.Write("assets/app.1111.js", "console.log(1)");
        _site.Write("assets/font.woff2", "wOF2");
        _site.Write("robots.txt", "User-agent: *");
        Proxy.ResetLog();
    }

    public async Task DisposeAsync()
    {
        _s3?.Dispose();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    public void Dispose() => _site.Dispose();

    private SiteTarget Target(int keep = 1, string version = "v1", string prefix = "") =>
        new("web", _bucket, prefix, _site.Path, Rules, keep, version);

    private async Task<SyncResult> SyncAsync(SyncOptions? options = null, int keep = 1, string version = "v1", string prefix = "")
    {
        var sync = new S3SiteSync(S3, options);
        var target = Target(keep, version, prefix);
        _now = _now.AddMinutes(1);
        var plan = await sync.PlanAsync(target, _now);
        return await sync.ApplyAsync(target, plan);
    }

    private List<string> Puts() => Proxy.Mutations.Where(r => r.Method == "PUT").Select(r => Uri.UnescapeDataString(r.Path.Split('?')[0])).ToList();

    private void TouchEverything()
    {
        foreach (var file in Directory.GetFiles(_site.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(5));
        }
    }

    [SkippableFact]
    public async Task Full_sync_uploads_every_file_with_its_type_and_caching_then_a_touched_resync_writes_nothing()
    {
        var first = await SyncAsync();

        Assert.Equal(5, first.Plan.Uploads.Count);
        // Five files, the release manifest, and a copy by content of each page (no-cache and max-age=300: overwritten in place by the next release).
        Assert.Equal(9, Puts().Count);
        Assert.Equal(3, Puts().Count(p => p.Contains("/.deploy/objects/", StringComparison.Ordinal)));
        var page = await S3.GetObjectMetadataAsync(_bucket, "index.html");
        Assert.Equal("text/html; charset=utf-8", page.Headers.ContentType);
        Assert.Equal("no-cache", page.Headers.CacheControl);
        var font = await S3.GetObjectMetadataAsync(_bucket, "assets/font.woff2");
        Assert.Equal("font/woff2", font.Headers.ContentType);
        Assert.Equal(Immutable, font.Headers.CacheControl);
        Assert.Equal("public, max-age=300", (await S3.GetObjectMetadataAsync(_bucket, "robots.txt")).Headers.CacheControl);

        // Pages go up after every asset.
        var order = Puts();
        Assert.True(order.IndexOf($"/{_bucket}/assets/app.1111.js") < order.IndexOf($"/{_bucket}/index.html"));
        Assert.True(order.IndexOf($"/{_bucket}/robots.txt") < order.IndexOf($"/{_bucket}/docs/index.html"));

        TouchEverything();
        Proxy.ResetLog();
        var again = await SyncAsync();

        Assert.Empty(Proxy.Mutations);
        Assert.Empty(again.Plan.Uploads);
        Assert.Equal(5, again.Plan.Unchanged.Count);
        Assert.True(again.Plan.ChangesNothing);
    }

    [SkippableFact]
    public async Task A_changed_file_is_the_only_upload_and_the_only_invalidation_candidate()
    {
        await SyncAsync();
        _site.Write("index.html", "<html>v2</html>");
        _site.Write("assets/app.2222.js", "console.log(2)");
        Proxy.ResetLog();

        var result = await SyncAsync(version: "v2");

        Assert.Equal(["assets/app.2222.js", "index.html"], result.Plan.Uploads.Select(u => u.File.Key));
        Assert.Equal(4, Puts().Count); // two files, the release manifest and the new page's copy
        Assert.Single(Puts(), p => p.Contains("/.deploy/objects/", StringComparison.Ordinal));
        Assert.Equal($"/{_bucket}/index.html", Puts()[1]);
        Assert.Equal(["index.html"], result.Plan.InvalidationCandidates);
        Assert.Equal(["/", "/index.html"], CdnPaths.For(result.Plan.InvalidationCandidates, 15));
    }

    [SkippableFact]
    public async Task A_deleted_file_is_kept_for_the_configured_releases_then_pruned()
    {
        await SyncAsync(keep: 1);
        File.Delete(Path.Combine(_site.Path, "assets", "app.1111.js"));
        _site.Write("assets/app.2222.js", "console.log(2)");

        var second = await SyncAsync(keep: 1, version: "v2");
        Assert.Empty(second.Plan.Deletes);
        Assert.Equal(["assets/app.1111.js"], second.Plan.Retained.Select(r => r.Key));
        Assert.Equal("console.log(1)", await ReadAsync("assets/app.1111.js"));

        _site.Write("assets/app.3333.js", "console.log(3)");
        File.Delete(Path.Combine(_site.Path, "assets", "app.2222.js"));
        Proxy.ResetLog();
        var third = await SyncAsync(keep: 1, version: "v3");

        Assert.Equal(["assets/app.1111.js"], third.Plan.Deletes.Select(d => d.Key));
        Assert.Equal(["assets/app.2222.js"], third.Plan.Retained.Select(r => r.Key));
        Assert.Empty(third.Plan.InvalidationCandidates); // immutable assets need no invalidation
        var keys = (await new S3SiteSync(S3).ListAsync(_bucket, string.Empty, default)).Select(o => o.Key).ToList();
        Assert.DoesNotContain("assets/app.1111.js", keys);
        Assert.Contains("assets/app.2222.js", keys);
        Assert.Equal(2, keys.Count(k => SiteKeys.IsManifest(string.Empty, k))); // this release and the one kept
    }

    [SkippableFact]
    public async Task A_release_is_fetched_back_and_synced_again_until_it_is_pruned()
    {
        var v1 = await SyncAsync(keep: 1);
        _site.Write("index.html", "<html>v2</html>");
        _site.Write("assets/app.2222.js", "console.log(2)");
        File.Delete(Path.Combine(_site.Path, "robots.txt"));
        await SyncAsync(keep: 1, version: "v2");
        Assert.Equal("<html>v2</html>", await ReadAsync("index.html"));

        // Back to v1: its page comes from the copy kept by content, its asset from the object itself (kept by keepReleases).
        using var restored = new TempDir();
        var sync = new S3SiteSync(S3);
        var back = Target(keep: 1, version: "v1") with { SourceDirectory = restored.Path };
        var files = await SiteRestore.FetchAsync(S3, sync, back, v1.Plan.LiveManifestKey!, "r1");
        Assert.Equal(v1.Plan.Manifest.Files.Keys.Order(StringComparer.Ordinal), files.Select(f => f.Key).Order(StringComparer.Ordinal));
        _now = _now.AddMinutes(1);
        var plan = await sync.PlanAsync(back, _now, files);
        // robots.txt, which v2 dropped, was retained for v1 (keepReleases 1): only the page changes, and only it is invalidated.
        Assert.Equal(["index.html"], plan.Uploads.Select(u => u.File.Key));
        Assert.Equal(["index.html"], plan.InvalidationCandidates);
        Assert.Equal(["assets/app.2222.js"], plan.Retained.Select(r => r.Key));
        await sync.ApplyAsync(back, plan);
        Assert.Equal("<html>v1</html>", await ReadAsync("index.html"));
        Assert.Equal("User-agent: *", await ReadAsync("robots.txt"));
        Assert.Equal("no-cache", (await S3.GetObjectMetadataAsync(_bucket, "index.html")).Headers.CacheControl);

        // Two more releases with keepReleases 1: v1's manifest is pruned, and a rollback to it is refused before anything is fetched.
        _site.Write("index.html", "<html>v3</html>");
        await SyncAsync(keep: 1, version: "v3");
        _site.Write("index.html", "<html>v4</html>");
        await SyncAsync(keep: 1, version: "v4");
        using var again = new TempDir();
        var error = await Assert.ThrowsAsync<SiteRestoreException>(() =>
            SiteRestore.FetchAsync(S3, sync, back with { SourceDirectory = again.Path }, v1.Plan.LiveManifestKey!, "r1"));
        Assert.Contains("release r1's manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains("keepReleases", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(again.Path, "*", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public async Task Deleted_pages_are_invalidated_and_a_prefix_is_respected()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "other/keep.txt", ContentBody = "not ours" });
        await SyncAsync(keep: 0, prefix: "web");
        File.Delete(Path.Combine(_site.Path, "docs", "index.html"));

        var result = await SyncAsync(keep: 0, version: "v2", prefix: "web");

        Assert.Equal(["web/docs/index.html"], result.Plan.Deletes.Select(d => d.Key));
        Assert.Equal(["web/docs/index.html"], result.Plan.InvalidationCandidates);
        Assert.Equal("not ours", await ReadAsync("other/keep.txt"));
        Assert.Equal("<html>v1</html>", await ReadAsync("web/index.html"));
    }

    [SkippableFact]
    public async Task Large_files_go_multipart_and_are_recognised_by_their_stored_hash()
    {
        var big = new byte[(7 << 20) + 123];
        new Random(7).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(_site.Path, "video.mp4"), big);
        var options = new SyncOptions(MultipartThreshold: 6L << 20, PartSize: 5L << 20);

        await SyncAsync(options);
        var head = await S3.GetObjectMetadataAsync(_bucket, "video.mp4");
        Assert.EndsWith("-2\"", head.ETag, StringComparison.Ordinal);
        Assert.Equal("video/mp4", head.Headers.ContentType);
        Assert.Equal(2, Proxy.Mutations.Count(r => r.Path.Contains("partNumber=", StringComparison.Ordinal)));

        TouchEverything();
        Proxy.ResetLog();
        var again = await SyncAsync(options);
        Assert.Empty(Proxy.Mutations);
        Assert.Contains(again.Plan.Unchanged, f => f.Key == "video.mp4");

        big[100] ^= 0xFF;
        await File.WriteAllBytesAsync(Path.Combine(_site.Path, "video.mp4"), big);
        var changed = await SyncAsync(options, version: "v2");
        Assert.Equal(["video.mp4"], changed.Plan.Uploads.Select(u => u.File.Key));
        Assert.Equal(big.Length, (await S3.GetObjectMetadataAsync(_bucket, "video.mp4")).ContentLength);
    }

    [SkippableFact]
    public async Task A_dry_run_lists_uploads_updates_and_deletes_and_writes_nothing()
    {
        await SyncAsync(keep: 0);
        _site.Write("index.html", "<html>v2</html>");
        _site.Write("new.txt", "new");
        File.Delete(Path.Combine(_site.Path, "robots.txt"));
        Proxy.ResetLog();

        var plan = await new S3SiteSync(S3).PlanAsync(Target(keep: 0, version: "v2"), _now.AddMinutes(1));
        var lines = SyncReport.DryRunLines(plan).ToList();

        Assert.Empty(Proxy.Mutations);
        Assert.True(Proxy.Requests > 0); // it did read
        Assert.Contains("would upload new.txt (3 B, text/plain; charset=utf-8, public, max-age=300)", lines);
        Assert.Contains(lines, l => l.StartsWith("would update index.html (15 B", StringComparison.Ordinal));
        Assert.Contains("would delete robots.txt (13 B)", lines);
        Assert.Equal("web: would upload 1, update 1, delete 1 (18 B); 3 unchanged", SyncReport.DryRunSummary("web", plan));
        Assert.Equal("<html>v1</html>", await ReadAsync("index.html"));
    }

    [SkippableFact]
    public async Task Listing_split_into_ranges_and_paginated_finds_every_object_once()
    {
        var keys = new List<string> { "top.txt", "a/b/c/deep.txt" };
        keys.AddRange(Enumerable.Range(0, 12).Select(i => $"a/x{i}.txt"));
        keys.AddRange(Enumerable.Range(0, 70).Select(i => $"many/d{i}/f.txt"));
        keys.AddRange(Enumerable.Range(0, 9).Select(i => $"a/b/y{i}.txt"));
        await Parallel.ForEachAsync(keys, async (k, ct) =>
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = k, ContentBody = k }, ct));

        // The expected keys only guide the split: some are missing in the bucket, some objects are not expected.
        var expected = keys.Where((_, i) => i % 3 != 0).Concat(["a/zz-missing.txt", "b-missing", "zzz"]).ToList();
        foreach (var hints in new[] { expected, [], keys })
        {
            var listed = await new S3SiteSync(S3, new SyncOptions(ListPageSize: 5)).ListAsync(_bucket, string.Empty, default, hints);
            Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(o => o.Key));
            Assert.All(listed, o => Assert.Equal(o.Key.Length, o.Size));
        }

        var underPrefix = await new S3SiteSync(S3, new SyncOptions(ListPageSize: 5)).ListAsync(_bucket, "many/", default, expected);
        Assert.Equal(70, underPrefix.Count);
    }

    private async Task<string> ReadAsync(string key)
    {
        using var response = await S3.GetObjectAsync(_bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
