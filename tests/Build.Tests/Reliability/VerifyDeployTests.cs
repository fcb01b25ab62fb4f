using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// The pre-rollout verify on the shared deployed cloud. A target group changed by hand to health-check a path the service
/// does not answer fails a VerifyDeploy of its own (and its dry run), in one line naming the target group; the same path
/// in the IaC fails the deploy at VerifyDeploy, after the apply and before the migration or any rollout. Put back, both pass.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class VerifyDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_target_group_checking_the_wrong_health_path_fails_the_verify_in_one_line_naming_it()
    {
        var deployment = await baseline.DeployedAsync();
        var (arn, name) = await WebTargetGroupAsync(deployment, "/health");

        await deployment.AwsAsync("elbv2", "modify-target-group", "--target-group-arn", arn, "--health-check-path", "/wrong");
        try
        {
            var expected = $"FAIL target group {name}: health check path /wrong, but web answers its health check on /health";
            foreach (var args in new[] { new[] { "--dry-run" }, [] })
            {
                var run = await deployment.RunAsync("VerifyDeploy", args);
                output.WriteLine(LocalDeployment.Tail(run.Output));
                Assert.Equal(1, run.ExitCode);
                Assert.StartsWith(expected, Assert.Single(FailLines(run.Output)), StringComparison.Ordinal);
                Assert.Contains("ok   api: container api:3001, target group health check /health", run.Output, StringComparison.Ordinal);
            }
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

    [SkippableFact]
    public async Task A_wrong_health_path_in_the_IaC_stops_the_deploy_after_the_apply_and_before_the_rollout()
    {
        var deployment = await baseline.DeployedAsync();
        var copy = deployment.CopyInfrastructure("infra-health");
        // The services every environment shares (envs/local/main.tf and common.hcl read it).
        var services = Path.Combine(copy, "envs", "services.json");
        var text = await File.ReadAllTextAsync(services);
        const string web = "\"web\": {\n      \"container_port\": 3000,\n      \"health_check_path\": \"/health\"";
        Assert.Contains(web, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(services, text.Replace(web, web.Replace("/health", "/healthz", StringComparison.Ordinal), StringComparison.Ordinal));

        try
        {
            deployment.UseInfrastructure(copy);
            var deploy = await deployment.RunAsync("DeployLocal");
            output.WriteLine(LocalDeployment.Tail(deploy.Output));

            Assert.Equal(1, deploy.ExitCode);
            var (_, name) = await WebTargetGroupAsync(deployment, "/healthz");
            Assert.StartsWith($"FAIL target group {name}: health check path /healthz, but web answers its health check on /health",
                Assert.Single(FailLines(deploy.Output)), StringComparison.Ordinal);
            var tasks = RunSummaryText.Tasks(deploy.Output);
            Assert.Equal("ok", tasks["TerragruntApply"]);
            Assert.Equal("FAILED", tasks["VerifyDeploy"]);
            Assert.DoesNotContain("MigrateDb", tasks.Keys);
            Assert.DoesNotContain("DeployServices", tasks.Keys);
        }
        finally
        {
            deployment.WriteConfig(yaml => yaml);
            var restore = await deployment.RunAsync("DeployLocal");
            Assert.True(restore.ExitCode == 0, LocalDeployment.Tail(restore.Output));
        }

        await WebTargetGroupAsync(deployment, "/health");
    }

    /// <summary>The web service's target group, asserting the path it health-checks.</summary>
    private static async Task<(string Arn, string Name)> WebTargetGroupAsync(LocalDeployment deployment, string path)
    {
        var groups = await deployment.AwsAsync("elbv2", "describe-target-groups");
        var web = groups.GetProperty("TargetGroups").EnumerateArray().Single(g => g.GetProperty("TargetGroupName").GetString()!.EndsWith("-web", StringComparison.Ordinal));
        Assert.Equal(path, web.GetProperty("HealthCheckPath").GetString());
        return (web.GetProperty("TargetGroupArn").GetString()!, web.GetProperty("TargetGroupName").GetString()!);
    }

    private static List<string> FailLines(string output) => RunSummaryText.LinesStartingWith(output, "FAIL ");
}
