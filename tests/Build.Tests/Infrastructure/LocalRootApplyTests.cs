using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>envs/local applied for real against moto, then converged: a second plan shows no changes.</summary>
[Collection(TerraformTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class LocalRootApplyTests : IClassFixture<MotoServer>
{
    private readonly MotoServer _moto;

    public LocalRootApplyTests(MotoServer moto) => _moto = moto;

    [SkippableFact]
    public async Task Applies_against_moto_and_then_plans_no_changes()
    {
        using var work = new TempDir();
        var root = Path.Combine(Terraform.InfraRoot, "envs", "local");
        var state = Path.Combine(work.Path, "local.tfstate");
        var endpoint = $"-var=aws_endpoint={_moto.Endpoint}";
        var repository = $"-var=github_repository={Deploy.Build.LocalCloud.LocalCloudSettings.GitHubRepository}";
        const string stateBucket = "-var=deploy_state_bucket=test-local-deploy-state";

        await Terraform.MustSucceedAsync(root, "init", "-input=false", "-no-color", "-reconfigure", $"-backend-config=path={state}");
        await Terraform.MustSucceedAsync(root, "apply", "-auto-approve", "-input=false", "-no-color", endpoint, repository, stateBucket);
        // moto reports a few attributes differently once (ECS service, RDS); the second apply settles them.
        await Terraform.MustSucceedAsync(root, "apply", "-auto-approve", "-input=false", "-no-color", endpoint, repository, stateBucket);
        var plan = await Terraform.RunAsync(root, "plan", "-detailed-exitcode", "-input=false", "-no-color", endpoint, repository, stateBucket);

        Assert.True(plan.ExitCode == 0, "expected no changes after converging, got:\n" + plan.Output[^Math.Min(plan.Output.Length, 6000)..]);

        var outputs = await Terraform.RunAsync(root, "output", "-json");
        Assert.Equal(0, outputs.ExitCode);
        foreach (var name in new[] { "ecr_repository_urls", "ecs_cluster_name", "ecs_service_names", "assets_bucket_name", "cloudfront_distribution_id", "task_subnet_ids", "task_security_group_ids" })
        {
            Assert.Contains($"\"{name}\"", outputs.StdOut, StringComparison.Ordinal);
        }
    }
}
