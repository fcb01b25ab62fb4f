using Cake.Core;
using Cake.Frosting;
using Deploy.Build.Tasks;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Host;

/// <summary>The aggregate deploy targets: their order, the environment they imply, and production's no-rebuild rule.</summary>
public sealed class DeployTargetsTests
{
    private static List<string> Steps(Type aggregate) =>
        TaskCatalog.Describe(aggregate).DependsOn.Select(TaskCatalog.NameOf).ToList();

    [Fact]
    public void Every_deploy_runs_the_seed_003_order()
    {
        var order = new[] { "Preflight", "DeployLock", "EnsureEcr", "TerragruntApply", "VerifyDeploy", "MigrateDb", "DeployServices", "SyncStatic", "InvalidateCdn", "SmokeTest" };
        foreach (var aggregate in new[] { typeof(DeployLocalTask), typeof(DeployStagingTask), typeof(DeployProductionTask) })
        {
            var steps = Steps(aggregate);
            Assert.Equal(order, steps.Where(order.Contains));
        }

        Assert.Equal("LocalUp", Steps(typeof(DeployLocalTask))[0]);
    }

    [Fact]
    public void The_local_account_is_bootstrapped_before_the_deploy_lock_which_the_deploy_role_takes()
    {
        var local = Steps(typeof(DeployLocalTask));

        Assert.True(local.IndexOf("Preflight") < local.IndexOf("LocalBootstrap"));
        Assert.True(local.IndexOf("LocalBootstrap") < local.IndexOf("DeployLock"));
        Assert.Contains("LocalBootstrap", Steps(typeof(DeployLockTask)));
    }

    [Fact]
    public void Scaling_rolling_back_and_destroying_take_the_deploy_lock_so_they_never_overlap_a_deploy()
    {
        Assert.Contains("DeployLock", Steps(typeof(ScaleServicesTask)));
        Assert.Contains("DeployLock", Steps(typeof(RollbackTask)));
        Assert.Contains("DeployLock", Steps(typeof(DestroyStagingTask)));
    }

    [Fact]
    public void Production_promotes_stagings_digests_and_never_builds()
    {
        var production = Steps(typeof(DeployProductionTask));
        var staging = Steps(typeof(DeployStagingTask));

        Assert.Contains("PromoteImages", production);
        Assert.DoesNotContain("BuildImages", production);
        Assert.DoesNotContain("PushImages", production);
        Assert.True(production.IndexOf("PromoteImages") < production.IndexOf("TerragruntApply"));
        Assert.Contains("BuildImages", staging);
        Assert.DoesNotContain("PromoteImages", staging);
    }

    [Theory]
    [InlineData("DeployLocal", null, "local")]
    [InlineData("DeployStaging", null, "staging")]
    [InlineData("DeployProduction", null, "production")]
    [InlineData("DeployProduction", "production", "production")]
    [InlineData("Preflight", "staging", "staging")]
    [InlineData("Preflight", null, "local")]
    public void The_target_implies_the_environment(string target, string? explicitEnvironment, string expected) =>
        Assert.Equal(expected, DeployContext.EnvironmentFor(target, explicitEnvironment));

    [Fact]
    public void A_deploy_target_refuses_another_environment()
    {
        var ex = Assert.Throws<CakeException>(() => DeployContext.EnvironmentFor("DeployProduction", "staging"));

        Assert.Equal("DeployProduction deploys production; it cannot run with --environment=staging.", ex.Message);
    }

    [Fact]
    public async Task The_pipeline_refuses_a_production_deploy_aimed_at_staging_before_any_task_runs()
    {
        var result = await Run.PipelineAsync(["--target=DeployProduction", "--environment=staging"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: DeployProduction deploys production; it cannot run with --environment=staging.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("========", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cakes_dry_run_lists_production_without_a_build()
    {
        var result = await Run.PipelineAsync(["--target=DeployProduction", "--dryrun"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("PromoteImages", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("BuildImages", result.StdOut, StringComparison.Ordinal);
    }
}
