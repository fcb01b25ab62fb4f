using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// The pre-rollout verify on the shared deployed cloud: a target group that health-checks a path the service does not
/// answer (changed by hand, as drift or a wrong input would) fails the dry run and the deploy at VerifyDeploy, in one
/// line naming the target group, before the migration or any rollout; put back, the verify passes.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class VerifyDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_target_group_checking_the_wrong_health_path_stops_the_deploy_before_the_rollout_naming_it()
    {
        var deployment = await baseline.DeployedAsync();
        var groups = await deployment.AwsAsync("elbv2", "describe-target-groups");
        var web = groups.GetProperty("TargetGroups").EnumerateArray().Single(g => g.GetProperty("TargetGroupName").GetString()!.EndsWith("-web", StringComparison.Ordinal));
        var arn = web.GetProperty("TargetGroupArn").GetString()!;
        var name = web.GetProperty("TargetGroupName").GetString()!;
        Assert.Equal("/health", web.GetProperty("HealthCheckPath").GetString());

        await deployment.AwsAsync("elbv2", "modify-target-group", "--target-group-arn", arn, "--health-check-path", "/wrong");
        try
        {
            var expected = $"FAIL target group {name}: health check path /wrong, but web answers its health check on /health";
            var dryRun = await deployment.RunAsync("VerifyDeploy", ["--dry-run"]);
            output.WriteLine(LocalDeployment.Tail(dryRun.Output));
            Assert.Equal(1, dryRun.ExitCode);
            Assert.Equal(expected, Assert.Single(FailLines(dryRun.Output))[..expected.Length]);
            Assert.Contains("ok   api: container api:3001, target group health check /health", dryRun.Output, StringComparison.Ordinal);

            var deploy = await deployment.RunAsync("DeployLocal");
            output.WriteLine(LocalDeployment.Tail(deploy.Output));
            Assert.Equal(1, deploy.ExitCode);
            Assert.Equal(expected, Assert.Single(FailLines(deploy.Output))[..expected.Length]);
            var tasks = SummaryTasks(deploy.Output);
            Assert.Equal("FAILED", tasks["VerifyDeploy"]);
            Assert.DoesNotContain("MigrateDb", tasks.Keys);
            Assert.DoesNotContain("DeployServices", tasks.Keys);
        }
        finally
        {
            await deployment.AwsAsync("elbv2", "modify-target-group", "--target-group-arn", arn, "--health-check-path", "/health");
        }

        var passed = await deployment.RunAsync("VerifyDeploy");
        Assert.True(passed.ExitCode == 0, LocalDeployment.Tail(passed.Output));
        Assert.Empty(FailLines(passed.Output));
        Assert.Contains("ok   role deploy:", passed.Output, StringComparison.Ordinal);
        Assert.Contains("ok   log group /ecs/", passed.Output, StringComparison.Ordinal);
    }

    private static List<string> FailLines(string output) =>
        output.Split('\n').Select(Plain).Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();

    /// <summary>The run summary's rows: task name → outcome.</summary>
    private static Dictionary<string, string> SummaryTasks(string output)
    {
        var lines = output.Split('\n').Select(Plain).ToList();
        var header = lines.FindLastIndex(l => l.StartsWith("Task ", StringComparison.Ordinal) && l.Contains("Outcome", StringComparison.Ordinal));
        return lines.Skip(header + 2).TakeWhile(l => !l.StartsWith("---", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^([A-Z]\w+)\s+(ok|FAILED|skipped|cancelled)\s"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    private static string Plain(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\u001b\\[[0-9;]*m", string.Empty).Trim();
}
