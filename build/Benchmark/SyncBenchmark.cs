using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Benchmark;

public sealed record BenchmarkRow(string Case, string Tool, TimeSpan Wall, int Puts, long BytesSent);

public sealed record BenchmarkCeiling(int Concurrency, TimeSpan Wall, int Puts)
{
    public double PutsPerSecond => Puts / Wall.TotalSeconds;
}

/// <summary>The figures of one benchmark run, and whether they meet the issue's targets.</summary>
public sealed record BenchmarkReport(int Files, long Bytes, int ChangedFiles, bool ChangedSetExact, IReadOnlyList<BenchmarkRow> Rows, BenchmarkCeiling Ceiling)
{
    public const string Ours = "SyncStatic";
    public const string Aws = "aws s3 sync";
    public const string FromEmpty = "from empty";
    public const string Touched = "touched mtimes";
    public const string OnePercent = "1% changed";

    public BenchmarkRow Row(string @case, string tool) => Rows.Single(r => r.Case == @case && r.Tool == tool);

    public double Speedup(string @case) => Row(@case, Aws).Wall / Row(@case, Ours).Wall;

    /// <summary>Our from-empty rate as a share of the fastest plain PUT rate the server accepted.</summary>
    public double ShareOfCeiling => Ceiling.Wall / Row(FromEmpty, Ours).Wall;

    public IEnumerable<(string Target, bool Met, string Detail)> Targets()
    {
        var empty = Speedup(FromEmpty);
        yield return ("from empty: >= 2x faster, or within 20% of the server's ceiling", empty >= 2 || ShareOfCeiling >= 0.8,
            F($"{empty:0.0}x faster; {ShareOfCeiling:P0} of the ceiling"));
        var touched = Row(Touched, Ours);
        yield return ("touched: uploads nothing and >= 10x faster", touched.Puts == 0 && Speedup(Touched) >= 10,
            F($"{touched.Puts} PUTs; {Speedup(Touched):0.0}x faster"));
        var changed = Row(OnePercent, Ours);
        yield return ("1% changed: uploads exactly the changed files", ChangedSetExact && changed.Puts == ChangedFiles + 1,
            F($"{ChangedFiles} changed, {changed.Puts} PUTs (incl. 1 release manifest)"));
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(F($"Site: {Files} files, {SyncReport.Bytes(Bytes)}; {ChangedFiles} changed in the 1% case"));
        text.AppendLine(F($"{"case",-16} {"tool",-12} {"wall",9} {"PUTs",6} {"bytes sent",11}"));
        foreach (var r in Rows)
        {
            text.AppendLine(F($"{r.Case,-16} {r.Tool,-12} {r.Wall.TotalSeconds,8:0.00}s {r.Puts,6} {SyncReport.Bytes(r.BytesSent),11}"));
        }

        foreach (var c in Rows.Select(r => r.Case).Distinct())
        {
            text.AppendLine(F($"ratio {c,-16} {Aws} / {Ours} = {Speedup(c):0.0}x wall, {Row(c, Aws).Puts} / {Row(c, Ours).Puts} PUTs"));
        }

        text.AppendLine(F($"server ceiling: {Ceiling.Puts} plain PUTs at concurrency {Ceiling.Concurrency} in {Ceiling.Wall.TotalSeconds:0.00}s ({Ceiling.PutsPerSecond:0} PUT/s); ours from empty = {ShareOfCeiling:P0} of it"));
        foreach (var (target, met, detail) in Targets())
        {
            text.AppendLine(F($"{(met ? "MET " : "MISS")} {target}: {detail}"));
        }

        return text.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Our sync against `aws s3 sync` on the same generated site and the same S3 endpoint, every request counted
/// by a proxy in front of it: from empty, after touching every file, after changing 1% of them; and the
/// server's ceiling (plain PUTs of the same files at high concurrency).
/// </summary>
public sealed class SyncBenchmark(IAmazonS3 s3, CountingProxy proxy, Func<string, string, Task> awsSync, Action<string> log)
{
    private static readonly int[] ExtraCeilingConcurrency = [32, 128];

    private static readonly CacheRules Rules = new(
        [new CacheRule("assets/**", "public, max-age=31536000, immutable"), new CacheRule("**/*.html", "no-cache")], "public, max-age=300");

    public async Task<BenchmarkReport> RunAsync(string workDirectory, int fileCount, int concurrency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(awsSync);
        var site = Path.Combine(workDirectory, "site");
        var files = SiteGenerator.Generate(site, fileCount);
        var bytes = files.Sum(f => new FileInfo(Path.Combine(site, f)).Length);
        log($"generated {files.Count} files, {SyncReport.Bytes(bytes)} in {site}");

        var run = Guid.NewGuid().ToString("N")[..8];
        var ourBucket = $"bench-ours-{run}";
        var awsBucket = $"bench-aws-{run}";
        foreach (var bucket in new[] { ourBucket, awsBucket })
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<BenchmarkRow>();
        var sync = new S3SiteSync(s3, new SyncOptions(concurrency));
        var release = 0;
        SyncPlan? lastPlan = null;
        async Task Ours(string @case) => rows.Add(await MeasureAsync(@case, BenchmarkReport.Ours, async () =>
        {
            var target = new SiteTarget("bench", ourBucket, string.Empty, site, Rules, 2, $"bench-{++release}");
            var planning = Stopwatch.StartNew();
            lastPlan = await sync.PlanAsync(target, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            planning.Stop();
            var applied = await sync.ApplyAsync(target, lastPlan, null, cancellationToken).ConfigureAwait(false);
            log(string.Create(CultureInfo.InvariantCulture, $"  (plan: list, hash, read releases {planning.Elapsed.TotalSeconds:0.00}s; apply {applied.Elapsed.TotalSeconds:0.00}s)"));
        }).ConfigureAwait(false));
        async Task Aws(string @case) => rows.Add(await MeasureAsync(@case, BenchmarkReport.Aws, () => awsSync(site, awsBucket)).ConfigureAwait(false));

        // A fresh moto takes its first burst of requests at about half speed (checked: the same 600 PUTs take
        // 6.4 s first, 3 s after). Warm it with the same files as bare PUTs, so neither tool pays for that.
        var warm = await CeilingAsync(site, files, concurrency, cancellationToken).ConfigureAwait(false);
        log(string.Create(CultureInfo.InvariantCulture, $"(server warm-up: {warm.Wall.TotalSeconds:0.00}s, not counted)"));

        // The ceiling is measured right after our run from empty, under the same machine load, and again at the end.
        await Ours(BenchmarkReport.FromEmpty).ConfigureAwait(false);
        var ceilings = new List<BenchmarkCeiling> { await CeilingAsync(site, files, concurrency, cancellationToken).ConfigureAwait(false) };
        await Aws(BenchmarkReport.FromEmpty).ConfigureAwait(false);

        SiteGenerator.TouchAll(site);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false);
        await Ours(BenchmarkReport.Touched).ConfigureAwait(false);
        await Aws(BenchmarkReport.Touched).ConfigureAwait(false);

        var changed = SiteGenerator.ChangeShare(site, files, 0.01);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false);
        await Ours(BenchmarkReport.OnePercent).ConfigureAwait(false);
        var exact = lastPlan!.Uploads.Select(u => u.File.RelativePath).Order(StringComparer.Ordinal).SequenceEqual(changed.Order(StringComparer.Ordinal));
        await Aws(BenchmarkReport.OnePercent).ConfigureAwait(false);

        foreach (var level in ExtraCeilingConcurrency.Where(c => c != concurrency))
        {
            ceilings.Add(await CeilingAsync(site, files, level, cancellationToken).ConfigureAwait(false));
        }

        return new BenchmarkReport(files.Count, bytes, changed.Count, exact, rows, ceilings.MinBy(c => c.Wall)!);
    }

    private async Task<BenchmarkRow> MeasureAsync(string @case, string tool, Func<Task> action)
    {
        proxy.Reset();
        var clock = Stopwatch.StartNew();
        await action().ConfigureAwait(false);
        clock.Stop();
        var requests = proxy.Requests;
        var row = new BenchmarkRow(@case, tool, clock.Elapsed, requests.Count(r => r.Method == "PUT"), requests.Sum(r => r.BodyBytes));
        log(string.Create(CultureInfo.InvariantCulture, $"{@case,-16} {tool,-12} {row.Wall.TotalSeconds:0.00}s, {row.Puts} PUTs, {SyncReport.Bytes(row.BytesSent)}"));
        return row;
    }

    // How fast the server takes the same files as bare PUTs (no listing, hashing or headers) at one concurrency.
    private async Task<BenchmarkCeiling> CeilingAsync(string site, IReadOnlyList<string> files, int concurrency, CancellationToken cancellationToken)
    {
        var bucket = $"bench-ceiling-{concurrency}-{Guid.NewGuid().ToString("N")[..6]}";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (f, ct) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = f, FilePath = Path.Combine(site, f) }, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var result = new BenchmarkCeiling(concurrency, clock.Elapsed, files.Count);
        log(string.Create(CultureInfo.InvariantCulture, $"ceiling at concurrency {concurrency}: {result.Wall.TotalSeconds:0.00}s ({result.PutsPerSecond:0} PUT/s)"));
        return result;
    }
}
