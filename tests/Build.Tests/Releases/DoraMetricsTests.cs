using Deploy.Build.Configuration;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Releases;

/// <summary>The DORA figures, checked by hand against a made-up month of staging's audit log.</summary>
public sealed class DoraMetricsTests
{
    private static readonly DateTimeOffset Until = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Since = Until.AddDays(-30);

    private static AuditRecord Run(string target, double day, int hour, int minute, double seconds, string result,
        DateTimeOffset? committedAt = null, bool dryRun = false) =>
        new("staging", target, "alice", "h", "rel", Guid.NewGuid().ToString("N")[..8],
            Until.AddDays(day).AddHours(hour).AddMinutes(minute), seconds, result, dryRun,
            new Dictionary<string, string>(), [], committedAt is null ? null : new string('a', 40), committedAt);

    private static DateTimeOffset At(double day, int hour, int minute = 0) => Until.AddDays(day).AddHours(hour).AddMinutes(minute);

    /// <summary>
    /// Six deploys in the window: four successful (one rolled back, one written before commit times were recorded),
    /// one failed and fixed two hours later, one stopped by SIGTERM and not followed by anything yet.
    /// </summary>
    private static readonly AuditRecord[] Month =
    [
        Run("DeployStaging", -40, 10, 0, 600, "ok", At(-40, 9)),                       // before the window
        Run("DeployStaging", -20, 10, 0, 600, "ok", At(-20, 8)),                       // lead 2h10m
        Run("DeployStaging", -18, 10, 0, 300, "failed"),                               // outage from 10:05
        Run("DeployStaging", -18, 12, 0, 600, "ok", At(-18, 11, 40)),                  // lead 30m; restored at 12:10: 2h05m
        Run("DeployStaging", -15, 9, 0, 600, "ok"),                                    // no commit time: no lead time
        Run("Rollback", -15, 9, 30, 120, "ok"),                                        // undoes it: 09:10 -> 09:32, 22m
        Run("Rollback", -15, 9, 40, 60, "ok"),                                         // a second rollback undoes nothing new
        Run("DeployStaging", -10, 8, 0, 60, "failed", dryRun: true),                   // dry runs never count
        Run("ScaleServices", -10, 9, 0, 60, "ok"),                                     // not a release
        Run("DeployStaging", -5, 10, 0, 900, "ok", At(-6, 10)),                        // lead 1d 0h15m
        Run("DeployStaging", -2, 10, 0, 60, "stopped by SIGTERM", At(-2, 9)),           // failed, not restored yet
    ];

    [Fact]
    public void The_four_figures_of_a_hand_made_month()
    {
        var metrics = DoraMetrics.From(Month.Reverse(), Since, Until);

        Assert.Equal(6, metrics.Deploys);
        Assert.Equal(4, metrics.Succeeded);
        Assert.Equal(4 / 30.0, metrics.DeploysPerDay, 6);

        Assert.Equal(3, metrics.LeadTimeSamples);
        Assert.Equal(TimeSpan.FromMinutes(130), metrics.LeadTime);

        Assert.Equal(2, metrics.Failed);
        Assert.Equal(1, metrics.RolledBack);
        Assert.Equal(0.5, metrics.ChangeFailureRate);

        Assert.Equal([TimeSpan.FromMinutes(125), TimeSpan.FromMinutes(22)], metrics.Restores);
        Assert.Equal(TimeSpan.FromSeconds((125 + 22) * 60 / 2), metrics.TimeToRestore);
        Assert.True(metrics.Unrestored);
    }

    [Fact]
    public void The_report_names_each_figure_with_what_it_was_computed_from()
    {
        var text = DoraReport.Text(DoraMetrics.From(Month, Since, Until), "staging");

        Assert.StartsWith("DORA metrics of staging, last 30d (since 2026-11-01 00:00Z)", text, StringComparison.Ordinal);
        Assert.Contains("Deployment frequency   0.13/day (4 successful of 6 deploys)", text, StringComparison.Ordinal);
        Assert.Contains("Lead time for changes  2h 10m median over 3 deploy(s), 1 without a commit time skipped", text, StringComparison.Ordinal);
        Assert.Contains("Change failure rate    50% (2 failed, 1 rolled back)", text, StringComparison.Ordinal);
        Assert.Contains("Time to restore        1h 13m median over 2 outage(s); one outage not restored yet", text, StringComparison.Ordinal);

        var markdown = DoraReport.Markdown(DoraMetrics.From(Month, Since, Until), "staging");
        Assert.Contains("| Change failure rate | 50% (2 failed, 1 rolled back) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Consecutive_failures_are_one_outage_and_a_rollback_after_a_failed_deploy_restores_it()
    {
        AuditRecord[] history =
        [
            Run("DeployProduction", -3, 10, 0, 60, "failed"),     // outage from 10:01
            Run("DeployProduction", -3, 11, 0, 60, "failed"),
            Run("Rollback", -3, 12, 0, 60, "ok"),                 // restored at 12:01: 2h
            Run("DeployProduction", -3, 13, 0, 60, "ok"),
        ];

        var metrics = DoraMetrics.From(history, Since, Until);

        Assert.Equal(3, metrics.Deploys);
        Assert.Equal(2, metrics.Failed);
        Assert.Equal(0, metrics.RolledBack);
        Assert.Equal([TimeSpan.FromHours(2)], metrics.Restores);
        Assert.False(metrics.Unrestored);
        Assert.Null(metrics.LeadTime);
    }

    [Fact]
    public void An_empty_window_has_no_rates()
    {
        var metrics = DoraMetrics.From([], Since, Until);
        var text = DoraReport.Text(metrics, "production");

        Assert.Equal(0, metrics.DeploysPerDay);
        Assert.Null(metrics.ChangeFailureRate);
        Assert.Null(metrics.TimeToRestore);
        Assert.Contains("Change failure rate    n/a", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 30 * 24)]
    [InlineData("30d", 30 * 24)]
    [InlineData("12h", 12)]
    [InlineData("2w", 14 * 24)]
    [InlineData("7D", 7 * 24)]
    public void Since_takes_hours_days_or_weeks(string? since, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), RunOptions.MetricsWindow(since));

    [Theory]
    [InlineData("30")]
    [InlineData("d")]
    [InlineData("0d")]
    [InlineData("-3d")]
    [InlineData("3m")]
    [InlineData("400d")]
    public void A_bad_since_is_one_line_naming_the_value(string since)
    {
        var ex = Assert.Throws<DeployInputException>(() => RunOptions.MetricsWindow(since));

        Assert.Equal($"--since takes a window such as 30d, 12h or 2w, at most 366 days (got '{since}')", ex.Message);
    }
}
