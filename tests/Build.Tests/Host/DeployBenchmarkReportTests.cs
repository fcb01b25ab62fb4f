using Deploy.Build.Benchmark;
using Deploy.Build.Host.Summary;

namespace Deploy.Build.Tests.Host;

/// <summary>The deploy benchmark reads each run's own summary table back and lays the four deploys side by side.</summary>
public sealed class DeployBenchmarkReportTests
{
    [Fact]
    public void The_summary_a_run_prints_reads_back_into_its_rows()
    {
        var summary = new RunSummary();
        summary.Begin("BuildImages");
        summary.Change("skipped api, exists");
        summary.End(TimeSpan.FromSeconds(1.24), TaskOutcome.Succeeded, null);
        summary.Begin("DeployServices");
        summary.Change("api: rolled to r2");
        summary.Change("web: unchanged (same image)");
        summary.End(TimeSpan.FromSeconds(5.9), TaskOutcome.Succeeded, null);
        summary.Begin("SmokeTest");
        summary.End(TimeSpan.FromSeconds(0.3), TaskOutcome.Failed, "3 checks failed");
        var output = "log line\n\u001b[32mRun on 'local'\u001b[0m\n" + SummaryRenderer.Text(summary, "Run on 'local'") + "\n";

        var rows = SummaryTable.Parse(output);

        Assert.Equal(
            [
                new SummaryRow("BuildImages", "ok", 1.2, "skipped api, exists"),
                new SummaryRow("DeployServices", "ok", 5.9, "api: rolled to r2; web: unchanged (same image)"),
                new SummaryRow("SmokeTest", "FAILED", 0.3, "3 checks failed"),
            ],
            rows);
        Assert.Empty(SummaryTable.Parse("no table here"));
    }

    [Fact]
    public void Four_deploys_side_by_side_with_each_goal_met_or_missed_and_what_each_change_rolled()
    {
        DeployRunFigures Run(string name, double goal, double wall, string services, string migrations = "migration ok (exit 0, 1.1 s)") =>
            new(name, goal, name, TimeSpan.FromSeconds(wall), true,
                [new SummaryRow("TerragruntApply", "ok", wall / 2, "no changes"), new SummaryRow("MigrateDb", "ok", 0.1, migrations),
                 new SummaryRow("DeployServices", "ok", wall / 4, services)]);
        var report = new DeployBenchmarkReport(
        [
            Run("first", 160, 200, "api: created; web: created"),
            Run("no-op", 3, 2.4, "api: unchanged (same image); web: unchanged (same image)", "[as x-local-github-deploy] migrations already applied: [./scripts/migrate] succeeded"),
            Run("one service", 12, 11, "api: rolled to r2; web: unchanged (same image)"),
            new("front end", 5, "front end", TimeSpan.FromSeconds(9), false, []),
        ]);

        var table = report.Render();
        var markdown = report.Markdown();

        Assert.Contains("MISSED: first deploy <= 160 s (200.0 s)", table, StringComparison.Ordinal);
        Assert.Contains("met: no-op deploy <= 3 s (2.4 s)", table, StringComparison.Ordinal);
        Assert.Contains("met: one service deploy <= 12 s (11.0 s)", table, StringComparison.Ordinal);
        Assert.Contains("MISSED: front end deploy <= 5 s (failed after 9.0 s)", table, StringComparison.Ordinal);
        Assert.Contains("met: no-op rolls nothing", table, StringComparison.Ordinal);
        Assert.Contains("met: one service change rolls only the API", table, StringComparison.Ordinal);
        Assert.Contains("met: no-op runs no migration task ([as x-local-github-deploy] migrations already applied", table, StringComparison.Ordinal);
        Assert.Contains("met: a new API image runs the migrations (migration ok (exit 0, 1.1 s))", table, StringComparison.Ordinal);
        Assert.Contains("| task | first | no-op | one service | front end |", markdown, StringComparison.Ordinal);
        Assert.Contains("| TerragruntApply | 100.0 s | 1.2 s | 5.5 s | - |", markdown, StringComparison.Ordinal);
        Assert.Contains("| met | NO | yes | yes | FAILED |", markdown, StringComparison.Ordinal);
    }
}
