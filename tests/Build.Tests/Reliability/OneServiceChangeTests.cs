using System.Diagnostics;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// Content-addressed images on the shared deployed cloud: the API's context copied unchanged is the same image (nothing
/// built, pushed or rolled); one file of it changed builds, pushes and rolls the API alone, the web service keeps its
/// image and its task definition revision, and requests through the edge meanwhile all succeed (old answers, then new);
/// an image whose health check fails is refused and rolled back while the edge keeps serving the running version.
/// The durations and the load's figures (requests, failures, p50/p99, old/new split) go to the test output.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class OneServiceChangeTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_change_in_one_images_context_rolls_only_that_service_and_no_request_through_the_edge_fails()
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

            // A new API image whose answers say so, rolled while two clients keep asking through the edge: no request fails,
            // the old answers stop once the new target is healthy and the old one drained.
            var handler = Path.Combine(copy, "scripts", "handle");
            await File.WriteAllTextAsync(handler, (await File.ReadAllTextAsync(handler)).Replace(
                "printf '\"service\":\"%s\",\"version\"", "printf '\"service\":\"%s\",\"variant\":\"changed\",\"version\"", StringComparison.Ordinal));
            Assert.Contains(Changed, await File.ReadAllTextAsync(handler), StringComparison.Ordinal);
            var (changed, during) = await UnderLoadAsync(deployment, "API changed");
            summary = RunSummaryText.Of(changed.Output);
            Assert.True(changed.ExitCode == 0, LocalDeployment.Tail(changed.Output));
            Assert.Contains("built api (", summary, StringComparison.Ordinal);
            Assert.Contains("skipped web, exists", summary, StringComparison.Ordinal);
            Assert.Matches(@"pushed api@sha256:[0-9a-f]{64}", summary);
            Assert.DoesNotContain("pushed web@", summary, StringComparison.Ordinal);
            Assert.Matches(@"api: revision \d+ -> \d+, stable", summary);
            Assert.Contains("web: unchanged (same image)", summary, StringComparison.Ordinal);
            Assert.All(during, a => Assert.True(a.Ok, $"{a.Status}: {a.Body}"));
            Assert.Contains(during, a => !a.Body.Contains(Changed, StringComparison.Ordinal));
            // The deploy goes on after the rollout (static files, invalidation, smoke test): by then only the new version answers.
            Assert.All(during.TakeLast(20), a => Assert.Contains(Changed, a.Body, StringComparison.Ordinal));

            // An API image whose health check fails: its target never becomes healthy, the deploy fails and rolls back, and
            // the edge keeps answering from the running version the whole time.
            await File.WriteAllTextAsync(handler, (await File.ReadAllTextAsync(handler)).Replace("SERVICE=api\n", "SERVICE=api\nFAIL_HEALTH=1\n", StringComparison.Ordinal));
            var (failed, meanwhile) = await UnderLoadAsync(deployment, "API health failing");
            Assert.True(failed.ExitCode != 0, LocalDeployment.Tail(failed.Output));
            Assert.Matches(@"api: revision \d+ -> \d+ FAILED after", failed.Output);
            Assert.All(meanwhile, a => Assert.True(a.Ok && a.Body.Contains(Changed, StringComparison.Ordinal), $"{a.Status}: {a.Body}"));
        }
        finally
        {
            deployment.WriteConfig(yaml => yaml);
            var restore = await TimedAsync(deployment, "back to the repository's API");
            Assert.Contains("skipped api, exists", RunSummaryText.Of(restore.Output), StringComparison.Ordinal);
        }
    }

    private const string Changed = "\"variant\":\"changed\"";

    /// <summary>A DeployLocal while two clients ask the edge for the API's health; the figures go to the test output.</summary>
    private async Task<(ProcessResult Run, IReadOnlyList<EdgeAnswer> Answers)> UnderLoadAsync(LocalDeployment deployment, string what)
    {
        var url = new Uri(deployment.EdgeUrl, "api/health");
        using (var probe = new HttpClient())
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await probe.GetAsync(url)).StatusCode);
        }

        await using var load = EdgeLoad.Start(url);
        var started = Stopwatch.GetTimestamp();
        var run = await deployment.RunAsync("DeployLocal");
        var answers = await load.StopAsync();
        output.WriteLine($"DeployLocal, {what}: {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (exit {run.ExitCode})");
        output.WriteLine($"through the edge meanwhile: {EdgeLoad.Describe(answers)}, "
                         + $"{answers.Count(a => !a.Body.Contains(Changed, StringComparison.Ordinal))} old / {answers.Count(a => a.Body.Contains(Changed, StringComparison.Ordinal))} new");
        output.WriteLine(RunSummaryText.Of(run.Output));
        return (run, answers);
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
