using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>A plan that destroys data is refused unless --allow-destroy; apply only when there are changes.</summary>
public sealed class DestroyGuardTests
{
    private static InfraPlan PlanOf(string unit, params (string Address, string Type, string Actions)[] changes) =>
        new([PlanParser.Parse(unit, PlanParsingTests.Plan(changes))]);

    [Theory]
    [InlineData("aws_s3_bucket", "\"delete\"", "destroy")]
    [InlineData("aws_rds_cluster", "\"delete\",\"create\"", "replace")]
    [InlineData("aws_rds_cluster_instance", "\"create\",\"delete\"", "replace")]
    [InlineData("aws_ecr_repository", "\"delete\"", "destroy")]
    [InlineData("aws_kms_key", "\"delete\"", "destroy")]
    public void Destroying_or_replacing_a_stateful_resource_is_refused(string type, string actions, string how)
    {
        var plan = PlanOf("storage", ("module.x." + type + ".this", type, actions));

        var ex = Assert.Throws<DestroyRefusedException>(() => ApplyDecision.Decide(plan, dryRun: false, allowDestroy: false));

        Assert.Contains($"storage: module.x.{type}.this ({how})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-destroy", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void The_guard_also_refuses_in_a_dry_run()
    {
        var plan = PlanOf("database", ("aws_db_instance.main", "aws_db_instance", "\"delete\""));

        Assert.Throws<DestroyRefusedException>(() => ApplyDecision.Decide(plan, dryRun: true, allowDestroy: false));
    }

    [Fact]
    public void Allow_destroy_lets_it_through()
    {
        var plan = PlanOf("storage", ("aws_s3_bucket.assets", "aws_s3_bucket", "\"delete\""));

        Assert.Equal(ApplyAction.Apply, ApplyDecision.Decide(plan, dryRun: false, allowDestroy: true));
    }

    [Fact]
    public void Stateless_resources_and_stateful_updates_pass()
    {
        var plan = PlanOf("compute",
            ("aws_ecs_service.api", "aws_ecs_service", "\"delete\",\"create\""),
            ("aws_iam_role.task", "aws_iam_role", "\"delete\""),
            ("aws_s3_bucket.assets", "aws_s3_bucket", "\"update\""));

        Assert.Empty(DestroyGuard.Violations(plan.Units));
        Assert.Equal(ApplyAction.Apply, ApplyDecision.Decide(plan, dryRun: false, allowDestroy: false));
    }

    [Fact]
    public void An_explicit_destroy_plan_is_not_guarded()
    {
        var plan = new InfraPlan([PlanParser.Parse("storage", PlanParsingTests.Plan(("aws_s3_bucket.assets", "aws_s3_bucket", "\"delete\"")))], Destroy: true);

        Assert.Equal(ApplyAction.WouldApply, ApplyDecision.Decide(plan, dryRun: true, allowDestroy: false));
    }

    [Fact]
    public void The_stateful_list_is_the_documented_one()
    {
        Assert.Equal(
            ["aws_db_instance", "aws_dynamodb_table", "aws_ecr_repository", "aws_efs_file_system", "aws_kms_key", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_s3_bucket", "aws_secretsmanager_secret"],
            DestroyGuard.StatefulResourceTypes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_changes_means_no_apply_and_dry_run_means_would_apply()
    {
        var unchanged = PlanOf("network", ("aws_vpc.main", "aws_vpc", "\"no-op\""));
        var changed = new InfraPlan([
            PlanParser.Parse("api-unit", PlanParsingTests.Plan(("a.b", "aws_ecs_service", "\"create\""), ("c.d", "aws_iam_role", "\"update\""))),
            PlanParser.Parse("network", PlanParsingTests.Plan()),
        ]);

        Assert.Equal(ApplyAction.NothingToApply, ApplyDecision.Decide(unchanged, dryRun: false, allowDestroy: false));
        Assert.Equal(["no changes"], ApplyDecision.SummaryLines(unchanged, ApplyAction.NothingToApply));
        Assert.Equal(ApplyAction.WouldApply, ApplyDecision.Decide(changed, dryRun: true, allowDestroy: false));
        Assert.Equal(["api-unit: would apply +1 ~1 -0"], ApplyDecision.SummaryLines(changed, ApplyAction.WouldApply));
        Assert.Equal(["api-unit: applied +1 ~1 -0"], ApplyDecision.SummaryLines(changed, ApplyAction.Apply));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("production")]
    [InlineData("Staging")]
    public void DestroyStaging_refuses_every_other_environment_in_one_line(string environment)
    {
        var problem = DestroyEnvironmentGuard.Problem(environment);

        Assert.NotNull(problem);
        Assert.Contains($"--environment={environment}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void DestroyStaging_accepts_staging() => Assert.Null(DestroyEnvironmentGuard.Problem("staging"));
}
