using System.Globalization;
using System.Text.RegularExpressions;
using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// DeployLocal from scratch with a share of every AWS and registry request failed by the proxies (500, 503,
/// throttling, connections dropped mid-response): it completes with the same result as a fault-free deploy,
/// or (at 30%) fails with a clear error and the next fault-free run completes it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed partial class FaultyDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task With_10_percent_of_requests_failing_a_deploy_from_scratch_completes_and_matches_a_fault_free_one()
    {
        await baseline.DeployedAsync();
        output.WriteLine($"fault-free: {baseline.AwsRequests} AWS + {baseline.RegistryRequests} registry requests, {RetriesIn(baseline.FirstRun.Output)} retries");
        await using var deployment = await LocalDeployment.Create("rlf").WithProxiesAsync(FaultPlan.Failing(0.10, seed: 10));

        var run = await deployment.RunAsync("DeployLocal", timeout: TimeSpan.FromMinutes(25));

        output.WriteLine(Figures("10%", deployment, run));
        Assert.True(run.ExitCode == 0, LocalDeployment.Tail(run.Output));
        Assert.True(deployment.AwsProxy!.Faults > 0 && deployment.RegistryProxy!.Faults > 0, "the proxies injected no fault");
        Assert.Equal(baseline.Snapshot.ToString(), (await DeploySnapshot.TakeAsync(deployment)).ToString());
        foreach (var secret in new[] { "postgres-app", "postgres-superuser" })
        {
            Assert.DoesNotContain(deployment.Secret(secret), run.Output, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task With_30_percent_failing_a_deploy_completes_or_fails_clearly_and_the_next_fault_free_run_completes_it()
    {
        await baseline.DeployedAsync();
        await using var deployment = await LocalDeployment.Create("rlg").WithProxiesAsync(FaultPlan.Failing(0.30, seed: 30));

        var run = await deployment.RunAsync("DeployLocal", timeout: TimeSpan.FromMinutes(25));

        output.WriteLine(Figures("30%", deployment, run));
        if (run.ExitCode != 0)
        {
            // A clear error: one "Error: ..." line that says what failed, no stack trace.
            Assert.Matches(ErrorLine(), run.Output);
            Assert.DoesNotMatch(StackFrame(), run.Output);
        }

        deployment.SetFaults(FaultPlan.None);
        deployment.AwsProxy!.ResetLog();
        deployment.RegistryProxy!.ResetLog();
        var next = await deployment.RunAsync("DeployLocal", timeout: TimeSpan.FromMinutes(15));

        output.WriteLine(Figures("then 0%", deployment, next));
        Assert.True(next.ExitCode == 0, LocalDeployment.Tail(next.Output));
        var snapshot = await DeploySnapshot.TakeAsync(deployment);
        // After a failed run the family may hold one more revision (registered before the failure, replaced by the
        // rerun's); everything deployed must match.
        Assert.Equal(WithoutRevisions(baseline.Snapshot), WithoutRevisions(snapshot));
    }

    private static string WithoutRevisions(DeploySnapshot snapshot) =>
        string.Join('\n', snapshot.Lines.Where(l => !l.StartsWith("ecs family", StringComparison.Ordinal)).Select(l => RevisionNumber().Replace(l, "revision=N")));

    internal static int RetriesIn(string output) =>
        RetriedLine().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static string Figures(string rate, LocalDeployment deployment, ProcessResult run)
    {
        var aws = deployment.AwsProxy!;
        var registry = deployment.RegistryProxy!;
        var kinds = aws.Log.Concat(registry.Log).Where(l => l.Fault != FaultKind.None).GroupBy(l => l.Fault)
            .Select(g => $"{g.Key} {g.Count()}");
        var error = ErrorLine().Match(run.Output);
        return $"{rate}: {aws.Requests} AWS requests ({aws.Faults} failed), {registry.Requests} registry requests ({registry.Faults} failed) [{string.Join(", ", kinds)}]; "
               + $"pipeline retries {RetriesIn(run.Output)}; exit {run.ExitCode}{(error.Success ? ": " + error.Value.Trim() : string.Empty)}";
    }

    [GeneratedRegex(@"(?m)^Error: .+$")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"(?m)^\s+at [\w.<>`]+\(")]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"Retried (\d+) AWS/registry call")]
    private static partial Regex RetriedLine();

    [GeneratedRegex(@"revision=\d+")]
    private static partial Regex RevisionNumber();
}
