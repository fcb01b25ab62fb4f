using System.Diagnostics;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// Content-addressed images on the shared deployed cloud: the API's context copied unchanged is the same image (nothing
/// built, pushed or rolled); one file of it changed builds, pushes and rolls the API alone, the web service keeps its
/// image and its task definition revision. The durations go to the test output.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class OneServiceChangeTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_change_in_one_images_context_builds_pushes_and_rolls_only_that_service()
    {
        var deployment = await baseline.DeployedAsync();
        var copy = Path.Combine(deployment.ConfigDirectory, "api-context");
        LocalDeployment.CopyDirectory(Repo.PathOf("examples/webapp/api"), copy);

        try
        {
            deployment.WriteConfig(yaml => yaml.Replace("context: ../../../examples/webapp/api", "context: api-context", StringComparison.Ordinal));
            var same = await TimedAsync(deployment, "same files elsewhere");
            var summary = RunSummaryText.Of(same.Output);
            Assert.Contains("skipped api, exists", summary, StringComparison.Ordinal);
            Assert.Contains("skipped web, exists", summary, StringComparison.Ordinal);
            Assert.Contains("api: unchanged (same image)", summary, StringComparison.Ordinal);
            Assert.Contains("web: unchanged (same image)", summary, StringComparison.Ordinal);

            var handler = Path.Combine(copy, "scripts", "handle");
            await File.AppendAllTextAsync(handler, "# one line more: a new API image\n");
            var changed = await TimedAsync(deployment, "API changed");
            summary = RunSummaryText.Of(changed.Output);
            Assert.Contains("built api (", summary, StringComparison.Ordinal);
            Assert.Contains("skipped web, exists", summary, StringComparison.Ordinal);
            Assert.Matches(@"pushed api@sha256:[0-9a-f]{64}", summary);
            Assert.DoesNotContain("pushed web@", summary, StringComparison.Ordinal);
            Assert.Matches(@"api: revision \d+ -> \d+, stable", summary);
            Assert.Contains("web: unchanged (same image)", summary, StringComparison.Ordinal);
        }
        finally
        {
            deployment.WriteConfig(yaml => yaml);
            var restore = await TimedAsync(deployment, "back to the repository's API");
            Assert.Contains("skipped api, exists", RunSummaryText.Of(restore.Output), StringComparison.Ordinal);
        }
    }

    private async Task<ProcessResult> TimedAsync(LocalDeployment deployment, string what)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await deployment.RunAsync("DeployLocal");
        output.WriteLine($"DeployLocal, {what}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (exit {run.ExitCode})");
        output.WriteLine(RunSummaryText.Of(run.Output));
        Assert.True(run.ExitCode == 0, LocalDeployment.Tail(run.Output));
        return run;
    }
}
