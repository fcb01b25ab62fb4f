using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tests.StaticSite;

public sealed class SyncPlannerTests
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Dictionary<string, string> NoHashes = new(StringComparer.Ordinal);

    private static LocalFile File(string path, string md5 = "aaaa", long size = 10, string? cache = null) =>
        new(path, path, "/tmp/" + path, size, md5, ContentTypes.For(path), cache ?? (path.StartsWith("assets/", StringComparison.Ordinal) ? Immutable : "no-cache"));

    private static RemoteObject Object(string key, string etag = "aaaa", long size = 10) => new(key, size, etag);

    private static (string, ReleaseManifest) Release(string version, int minute, params LocalFile[] files)
    {
        var manifest = ReleaseManifest.From(version, Now.AddMinutes(minute), files);
        return (manifest.KeyUnder(string.Empty), manifest);
    }

    private static SyncPlan Plan(IReadOnlyList<LocalFile> local, IEnumerable<RemoteObject> remote, ReleaseHistory? history = null,
        int keep = 1, IReadOnlyDictionary<string, string>? hashes = null) =>
        SyncPlanner.Plan(local, remote, hashes ?? NoHashes, history ?? ReleaseHistory.Empty, string.Empty, keep, "v2", Now);

    [Fact]
    public void Unchanged_content_is_never_uploaded_whatever_its_modification_time()
    {
        var plan = Plan([File("index.html")], [Object("index.html")]);
        Assert.Empty(plan.Uploads);
        Assert.Single(plan.Unchanged);
    }

    [Fact]
    public void Decides_new_changed_content_and_changed_size()
    {
        Assert.Equal(ChangeKind.New, SyncPlanner.Decide(File("a.txt"), null, NoHashes, null));
        Assert.Equal(ChangeKind.Content, SyncPlanner.Decide(File("a.txt", md5: "bbbb"), Object("a.txt"), NoHashes, null));
        Assert.Equal(ChangeKind.Content, SyncPlanner.Decide(File("a.txt", size: 11), Object("a.txt"), NoHashes, null));
        Assert.Null(SyncPlanner.Decide(File("a.txt", md5: "AAAA"), Object("a.txt"), NoHashes, null));
    }

    [Fact]
    public void Multipart_objects_compare_the_stored_content_hash_not_the_etag()
    {
        var file = File("big.mp4", md5: "1234");
        var multipart = Object("big.mp4", etag: "ffff-3");
        Assert.Null(SyncPlanner.Decide(file, multipart, new Dictionary<string, string> { ["big.mp4"] = "1234" }, null));
        Assert.Equal(ChangeKind.Content, SyncPlanner.Decide(file, multipart, new Dictionary<string, string> { ["big.mp4"] = "9999" }, null));
        Assert.Equal(ChangeKind.Content, SyncPlanner.Decide(file, multipart, NoHashes, null));
    }

    [Fact]
    public void Same_content_with_new_cache_rules_is_uploaded_again_for_its_headers()
    {
        var (_, last) = Release("v1", -1, File("robots.txt", cache: "public, max-age=60"));
        Assert.Equal(ChangeKind.Headers, SyncPlanner.Decide(File("robots.txt", cache: "public, max-age=300"), Object("robots.txt"), NoHashes, last));
    }

    [Fact]
    public void Assets_go_first_and_pages_last()
    {
        var plan = Plan([File("index.html"), File("docs/index.html"), File("assets/b.js"), File("robots.txt"), File("assets/a.css")], []);
        Assert.Equal(["assets/a.css", "assets/b.js", "robots.txt", "docs/index.html", "index.html"], plan.Uploads.Select(u => u.File.Key));
        Assert.Equal(3, plan.Assets.Count);
        Assert.Equal(2, plan.EntryPoints.Count);
        Assert.All(plan.EntryPoints, u => Assert.True(u.File.IsEntryPoint));
    }

    [Fact]
    public void Pruning_keeps_what_the_previous_releases_reference()
    {
        var r1 = Release("v0", -2, File("index.html", "0"), File("assets/app.0.js", "0"));
        var r2 = Release("v1", -1, File("index.html", "1"), File("assets/app.1.js", "1"));
        var history = new ReleaseHistory([r2, r1]);
        var local = new[] { File("index.html", "2"), File("assets/app.2.js", "2") };
        var remote = new[] { Object("index.html", "1"), Object("assets/app.0.js", "0"), Object("assets/app.1.js", "1"), Object(r1.Item1), Object(r2.Item1) };

        var keepOne = Plan(local, remote, history, keep: 1);
        Assert.Equal(["assets/app.0.js"], keepOne.Deletes.Select(d => d.Key));
        Assert.Equal(["assets/app.1.js"], keepOne.Retained.Select(d => d.Key));
        Assert.Equal([r1.Item1], keepOne.ManifestsToDelete);
        Assert.NotNull(keepOne.ManifestKeyToWrite);

        var keepTwo = Plan(local, remote, history, keep: 2);
        Assert.Empty(keepTwo.Deletes);
        Assert.Empty(keepTwo.ManifestsToDelete);

        var keepNone = Plan(local, remote, history, keep: 0);
        Assert.Equal(["assets/app.0.js", "assets/app.1.js"], keepNone.Deletes.Select(d => d.Key));
        Assert.Equal([r2.Item1, r1.Item1], keepNone.ManifestsToDelete);
    }

    [Fact]
    public void Objects_no_release_mentions_are_kept_until_the_history_is_long_enough()
    {
        var local = new[] { File("index.html", "2") };
        var remote = new[] { Object("index.html", "1"), Object("old-by-hand.txt") };
        Assert.Equal(["old-by-hand.txt"], Plan(local, remote, ReleaseHistory.Empty, keep: 1).Retained.Select(r => r.Key));

        var history = new ReleaseHistory([Release("v1", -1, File("index.html", "1"))]);
        Assert.Equal(["old-by-hand.txt"], Plan(local, remote, history, keep: 1).Deletes.Select(r => r.Key));
    }

    [Fact]
    public void Redeploying_the_same_release_writes_and_deletes_nothing()
    {
        var files = new[] { File("index.html", "1"), File("assets/app.1.js", "1") };
        var previous = Release("v0", -2, File("index.html", "0"), File("assets/app.0.js", "0"));
        var current = Release("v1", -1, files);
        var remote = files.Select(f => Object(f.Key, f.Md5Hex)).Append(Object("assets/app.0.js", "0")).Append(Object(previous.Item1)).Append(Object(current.Item1))
            .Append(Object(SiteKeys.CopyKey(string.Empty, "1"), "1")).Append(Object(SiteKeys.CopyKey(string.Empty, "0"), "0"));

        var plan = Plan(files, remote, new ReleaseHistory([current, previous]), keep: 1);

        Assert.True(plan.ChangesNothing);
        Assert.Null(plan.ManifestKeyToWrite);
        Assert.Equal(current.Item1, plan.LiveManifestKey);
        Assert.Equal(["assets/app.0.js"], plan.Retained.Select(r => r.Key));
    }

    [Fact]
    public void Each_releases_pages_are_kept_by_content_until_no_kept_release_needs_them()
    {
        // v0 and v1 put different pages; assets are content-named (immutable) and need no copy.
        var v0 = Release("v0", -3, File("index.html", "00"), File("robots.txt", "r0"), File("assets/app.0.js", "a0"));
        var v1 = Release("v1", -2, File("index.html", "11"), File("robots.txt", "r0"), File("assets/app.1.js", "a1"));
        var local = new[] { File("index.html", "22"), File("robots.txt", "r0"), File("assets/app.2.js", "a2") };
        var remote = new[]
        {
            Object("index.html", "11"), Object("robots.txt", "r0"), Object("assets/app.1.js", "a1"), Object(v0.Item1), Object(v1.Item1),
            Object(SiteKeys.CopyKey(string.Empty, "00"), "00"), Object(SiteKeys.CopyKey(string.Empty, "11"), "11"), Object(SiteKeys.CopyKey(string.Empty, "r0"), "r0"),
        };

        var plan = Plan(local, remote, new ReleaseHistory([v1, v0]), keep: 1);

        // The new page is copied once uploaded; the unchanged one already has its copy; v1's is kept (keepReleases 1), v0's goes.
        Assert.Equal(["index.html"], plan.Copies.Select(c => c.Key));
        Assert.Equal([SiteKeys.CopyKey(string.Empty, "00")], plan.StaleCopies);
        Assert.Equal(plan.ManifestKeyToWrite, plan.LiveManifestKey);
        Assert.DoesNotContain(plan.Deletes, d => SiteKeys.IsPipelineObject(string.Empty, d.Key));
        Assert.DoesNotContain(plan.InvalidationCandidates, k => k.StartsWith(".deploy/", StringComparison.Ordinal));
        Assert.False(plan.ChangesNothing);
    }

    [Fact]
    public void Invalidation_candidates_are_new_changed_or_deleted_non_immutable_paths()
    {
        var previous = Release("v1", -1, File("index.html", "1"), File("gone.html", "1"), File("assets/app.1.js", "1"), File("robots.txt"));
        var local = new[] { File("index.html", "2"), File("assets/app.2.js", "2"), File("robots.txt"), File("new.html") };
        var remote = new[] { Object("index.html", "1"), Object("gone.html", "1"), Object("assets/app.1.js", "1"), Object("robots.txt") };

        var plan = Plan(local, remote, new ReleaseHistory([previous]), keep: 0);

        Assert.Equal(["gone.html", "index.html", "new.html"], plan.InvalidationCandidates);
    }

    [Fact]
    public void Release_manifests_round_trip_and_sort_by_time()
    {
        var (key, manifest) = Release("abc/1", 0, File("index.html"));
        var back = ReleaseManifest.Parse(System.Text.Encoding.UTF8.GetString(manifest.ToJson()));
        Assert.True(back.SameFilesAs(manifest));
        Assert.Equal(".deploy/releases/20260102T030405000Z-abc-1.json", key);
        Assert.True(SiteKeys.IsManifest(string.Empty, key));
        Assert.Equal("web/.deploy/releases/20260102T030405000Z-abc-1.json", manifest.KeyUnder("web"));
    }
}
