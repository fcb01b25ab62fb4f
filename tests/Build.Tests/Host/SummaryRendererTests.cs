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
}
