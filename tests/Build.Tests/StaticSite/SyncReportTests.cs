using Cake.Core;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tests.StaticSite;

public sealed class SyncReportTests
{
    private static InfraOutputs Outputs(string bucket, string distribution) => new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), "c", new Dictionary<string, string>(),
        new Dictionary<string, string>(), new Dictionary<string, string>(), [], [], false, bucket, distribution, "d.cloudfront.net",
        new Dictionary<string, string>(), new Dictionary<string, string>(), "alb");

    [Fact]
    public void Missing_outputs_stop_with_one_clear_line()
    {
        var noOutputs = Assert.Throws<CakeException>(() => StaticSiteTargets.RequireBucket(null));
        Assert.Contains("run TerragruntApply first", noOutputs.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', noOutputs.Message);
        Assert.Throws<CakeException>(() => StaticSiteTargets.RequireDistribution(Outputs("b", string.Empty)));
        Assert.Equal("b", StaticSiteTargets.RequireBucket(Outputs("b", "D1")));
        Assert.Equal("D1", StaticSiteTargets.RequireDistribution(Outputs("b", "D1")));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(49357, "48.2 KB")]
    [InlineData(53477376, "51.0 MB")]
    public void Sizes_read_as_people_write_them(long bytes, string expected) => Assert.Equal(expected, SyncReport.Bytes(bytes));

    [Fact]
    public void The_summary_line_counts_uploads_unchanged_deletes_bytes_and_time()
    {
        var file = new LocalFile("index.html", "index.html", "/x", 49357, "aa", "text/html; charset=utf-8", "no-cache");
        var kept = new LocalFile("a.txt", "a.txt", "/y", 1, "bb", "text/plain; charset=utf-8", "d");
        var plan = SyncPlanner.Plan([file, kept], [new RemoteObject("a.txt", 1, "bb"), new RemoteObject("old.txt", 5, "cc")],
            new Dictionary<string, string>(), ReleaseHistory.Empty, string.Empty, 0, "v1", DateTimeOffset.UnixEpoch);

        Assert.Equal("web: 1 uploaded, 1 unchanged, 1 deleted, 48.2 KB, 0.4 s", SyncReport.Summary("web", plan, TimeSpan.FromMilliseconds(420)));
    }

    [Fact]
    public void Progress_is_throttled_but_always_reports_the_end()
    {
        var seen = new List<SyncProgress>();
        var progress = new ThrottledProgress(seen.Add, TimeSpan.FromHours(1));
        for (var i = 1; i <= 100; i++)
        {
            progress.Report(new SyncProgress(i, 100, i * 10, 1000));
        }

        Assert.Equal([1, 100], seen.Select(p => p.FilesDone));
    }
}
