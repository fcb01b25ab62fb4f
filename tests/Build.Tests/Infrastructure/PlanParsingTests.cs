using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>`terraform show -json` plans read into per-unit counts; plan exit codes turned into meaning.</summary>
public sealed class PlanParsingTests
{
    internal static string Plan(params (string Address, string Type, string Actions)[] changes) =>
        "{\"format_version\":\"1.2\",\"resource_changes\":["
        + string.Join(",", changes.Select(c =>
            $"{{\"address\":\"{c.Address}\",\"mode\":\"managed\",\"type\":\"{c.Type}\",\"name\":\"x\",\"change\":{{\"actions\":[{c.Actions}]}}}}"))
        + "]}";

    [Fact]
    public void Counts_adds_changes_destroys_and_replacements_like_terraform()
    {
        var json = Plan(
            ("aws_ecs_service.api", "aws_ecs_service", "\"create\""),
            ("aws_ecs_service.web", "aws_ecs_service", "\"create\""),
            ("aws_iam_role.task", "aws_iam_role", "\"update\""),
            ("aws_lb_listener.http", "aws_lb_listener", "\"delete\",\"create\""),
            ("aws_security_group.old", "aws_security_group", "\"delete\""),
            ("aws_ecs_cluster.main", "aws_ecs_cluster", "\"no-op\""));

        var plan = PlanParser.Parse("api-unit", json, hasChanges: true);

        Assert.Equal((3, 1, 2, 1), (plan.Adds, plan.Changes, plan.Destroys, plan.Replaces));
        Assert.Equal("api-unit: +3 ~1 -2 (1 replaced)", plan.ToString());
        Assert.Equal(5, plan.Resources.Count);
    }

    [Fact]
    public void Data_sources_and_no_ops_are_not_changes()
    {
        const string json = """
            {"resource_changes":[
              {"address":"data.aws_caller_identity.me","mode":"data","type":"aws_caller_identity","change":{"actions":["read"]}},
              {"address":"aws_s3_bucket.assets","mode":"managed","type":"aws_s3_bucket","change":{"actions":["no-op"]}}
            ]}
            """;

        var plan = PlanParser.Parse("storage", json);

        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Resources);
        Assert.Equal("storage: no changes", plan.ToString());
    }

    [Fact]
    public void A_plan_without_resource_changes_parses_and_output_changes_count_as_changes()
    {
        Assert.False(PlanParser.Parse("empty", "{\"format_version\":\"1.2\"}").HasChanges);

        var outputsOnly = PlanParser.Parse("edge", "{\"output_changes\":{\"cdn\":{\"actions\":[\"create\"]}}}");

        Assert.True(outputsOnly.HasChanges);
        Assert.Equal("edge: +0 ~0 -0", outputsOnly.ToString());
    }

    [Fact]
    public void The_detailed_exit_code_decides_has_changes_when_given()
    {
        var json = Plan(("aws_s3_bucket.a", "aws_s3_bucket", "\"no-op\""));

        Assert.True(PlanParser.Parse("local", json, hasChanges: true).HasChanges);
        Assert.False(PlanParser.Parse("local", Plan(("aws_s3_bucket.a", "aws_s3_bucket", "\"create\"")), hasChanges: false).HasChanges);
    }

    [Theory]
    [InlineData(0, PlanExit.NoChanges)]
    [InlineData(2, PlanExit.Changes)]
    public void Plan_exit_codes_0_and_2_are_results(int code, PlanExit expected) =>
        Assert.Equal(expected, PlanExitCodes.Interpret(code, () => "unused"));

    [Theory]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(-1)]
    public void Any_other_plan_exit_code_is_an_error(int code)
    {
        var ex = Assert.Throws<IacCommandException>(() => PlanExitCodes.Interpret(code, () => "terraform plan failed (exit 1): Error: boom"));

        Assert.Equal("terraform plan failed (exit 1): Error: boom", ex.Message);
    }

    [Fact]
    public void Terraform_errors_become_one_line()
    {
        var run = ProcessResult.Of(1, [], [
            "",
            "╷",
            "│ Error: Invalid value for variable",
            "│ ",
            "│   on main.tf line 17:",
            "│ aws_endpoint must be an http(s) URL.",
            "╵",
        ]);

        Assert.Equal("Error: Invalid value for variable", run.ErrorLine);
        Assert.Equal("Error: No configuration files Apply requires configuration",
            ProcessResult.Of(1, [], ["│ Error: No configuration files", "│ Apply requires configuration"]).ErrorLine);
        Assert.Equal("exit code 3", ProcessResult.Of(3, [], []).ErrorLine);
    }
}
