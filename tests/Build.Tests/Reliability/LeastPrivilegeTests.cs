using Deploy.Build.Aws.Sts;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// Each phase of a local deploy runs as its ci-access role under IAM enforcement, so the roles' policies are
/// exactly what the deploy needs: take one action the deploy uses out of a copy of the IaC, and the local deploy
/// fails on it with one line naming the action and the role, as AWS would. One case per role; after each, the
/// account owner re-applies the real policies (LocalBootstrap), so the shared deployed cloud is as it was.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class LeastPrivilegeTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    public static TheoryData<string, string, string, DeployRole, string, bool> Cases => new()
    {
        // The deploy role: DeployServices reads the services before deciding a rollout.
        { "policy_deploy.tf", "[\"ecs:DescribeServices\", \"ecs:UpdateService\"]", "[\"ecs:UpdateService\"]", DeployRole.Deploy, "ecs:DescribeServices", false },
        // The infra role: Terraform's refresh of the load balancer.
        { "policy_infra.tf", "\"ecs\", \"elasticloadbalancing\", \"rds\"", "\"ecs\", \"rds\"", DeployRole.Infra, "elasticloadbalancing:Describe", false },
        // The plan role: the dry run of the rollout reads the services.
        { "policy_plan.tf", "\"ecs:Describe*\",", string.Empty, DeployRole.Plan, "ecs:Describe", true },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_permission_taken_out_of_the_IaC_fails_the_local_deploy_naming_the_action(
        string policyFile, string granted, string reduced, DeployRole role, string action, bool dryRun)
    {
        var deployment = await baseline.DeployedAsync();
        var copy = deployment.CopyInfrastructure("infra-" + DeployRoles.Kind(role));
        var policy = Path.Combine(copy, "modules", "ci-access", policyFile);
        var text = await File.ReadAllTextAsync(policy);
        Assert.Contains(granted, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(policy, text.Replace(granted, reduced, StringComparison.Ordinal));
        var roleName = DeployRoles.Name(deployment.Project, "local", role);

        try
        {
            deployment.UseInfrastructure(copy);
            if (dryRun)
            {
                // A dry run changes nothing, the roles included: the account owner applies the reduced policy first.
                var bootstrap = await deployment.RunAsync("LocalBootstrap");
                Assert.True(bootstrap.ExitCode == 0, LocalDeployment.Tail(bootstrap.Output));
            }

            var run = await deployment.RunAsync("DeployLocal", dryRun ? ["--dry-run"] : null);
            output.WriteLine(LocalDeployment.Tail(run.Output));

            Assert.NotEqual(0, run.ExitCode);
            var error = run.Output.Split('\n').Last(l => l.Contains("Error:", StringComparison.Ordinal));
            Assert.Contains(action, error, StringComparison.Ordinal);
            Assert.Contains($"assumed-role/{roleName}/", error, StringComparison.Ordinal);
            Assert.Contains("not authorized to perform", error, StringComparison.Ordinal);
        }
        finally
        {
            deployment.WriteConfig(yaml => yaml);
            var restore = await deployment.RunAsync("LocalBootstrap");
            Assert.True(restore.ExitCode == 0, LocalDeployment.Tail(restore.Output));
            Assert.Contains("roles created or updated", restore.Output, StringComparison.Ordinal);
        }
    }
}
