using Deploy.Build.Host.Summary;

namespace Deploy.Build.Tests.Host;

public sealed class SummaryRendererTests
{
    [Fact]
    public void Renders_each_task_with_outcome_duration_and_changes()
    {
        var summary = new RunSummary();
        summary.Begin("EnsureEcr");
        summary.Change("created repository api");
        summary.End(TimeSpan.FromSeconds(1.24), TaskOutcome.Succeeded, null);
        summary.Begin("PushImages");
        summary.End(TimeSpan.FromSeconds(3), TaskOutcome.Failed, "registry said no | really");

        var text = SummaryRenderer.Text(summary, "Run on 'local'");
        var markdown = SummaryRenderer.Markdown(summary, "Run on 'local'");

        Assert.Contains("EnsureEcr", text, StringComparison.Ordinal);
        Assert.Contains("1.2 s", text, StringComparison.Ordinal);
        Assert.Contains("created repository api", text, StringComparison.Ordinal);
        Assert.Contains("FAILED", text, StringComparison.Ordinal);
        Assert.Contains("4.2 s", text, StringComparison.Ordinal);
        Assert.Contains("| EnsureEcr | ok | 1.2 s | created repository api |", markdown, StringComparison.Ordinal);
        Assert.Contains("| PushImages | FAILED | 3.0 s | no changes |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_markdown_ends_with_a_gantt_chart_of_the_tasks_one_after_another()
    {
        var summary = new RunSummary();
        summary.Begin("Preflight");
        summary.End(TimeSpan.FromSeconds(1.5), TaskOutcome.Succeeded, null);
        summary.Begin("MigrateDb");
        summary.End(TimeSpan.Zero, TaskOutcome.Skipped, null);
        summary.Begin("DeployServices");
        summary.End(TimeSpan.FromSeconds(62.4), TaskOutcome.Failed, "api failed");

        var chart = SummaryRenderer.Mermaid(summary).Split('\n', StringSplitOptions.TrimEntries);

        Assert.Equal("```mermaid", chart[0]);
        Assert.Contains("gantt", chart);
        Assert.Contains("dateFormat YYYY-MM-DD HH:mm:ss.SSS", chart);
        Assert.Contains("Preflight 1.5 s :done, t0, 2000-01-01 00:00:00.000, 2000-01-01 00:00:01.500", chart);
        Assert.Contains("DeployServices 62.4 s :crit, t1, 2000-01-01 00:00:01.500, 2000-01-01 00:01:03.900", chart);
        Assert.DoesNotContain(chart, l => l.StartsWith("MigrateDb", StringComparison.Ordinal));
        Assert.EndsWith(SummaryRenderer.Mermaid(summary), SummaryRenderer.Markdown(summary, "Run"), StringComparison.Ordinal);
    }
}
