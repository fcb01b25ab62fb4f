using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tools.Terraform;
using Deploy.Build.Tools.Terragrunt;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>
/// A fresh environment: Terragrunt fills the inputs of units whose dependencies have no state with mock outputs.
/// Those saved plans are never applied (review row 2); the lines below are the warning Terragrunt prints
/// (config/dependency.go at v0.97.0, pkg/config/dependency.go at v1.1.3), as its logger writes it with --no-color.
/// </summary>
public sealed class StagedApplyTests
{
    private const string Root = "/work/repo/infra/terraform/envs/staging";

    private static readonly string[] FreshPlanLines =
    [
        "12:01:02.345 INFO   The runner-pool runner at . will be processed in the following order for command plan:",
        "12:01:03.001 WARN   [security] Config ../network/terragrunt.hcl is a dependency of /work/repo/infra/terraform/envs/staging/security/terragrunt.hcl that has no outputs, but mock outputs provided and returning those in dependency output.",
        "12:01:03.002 WARN   [compute] Config ../network/terragrunt.hcl is a dependency of /work/repo/infra/terraform/envs/staging/compute/terragrunt.hcl that has no outputs, but mock outputs provided and returning those in dependency output.",
        "12:01:03.003 WARN   [compute] Config ../security/terragrunt.hcl is a dependency of /work/repo/infra/terraform/envs/staging/compute/terragrunt.hcl that has no outputs, but mock outputs provided and returning those in dependency output.",
        "12:01:09.500 ERROR  [edge] ../compute/terragrunt.hcl is a dependency of /work/repo/infra/terraform/envs/staging/edge/terragrunt.hcl but detected no outputs. Either the target module has not been applied yet, or the module has no outputs.",
    ];

    [Fact]
    public void Terragrunt_mock_output_warnings_name_the_units_planned_with_mocks()
    {
        var units = MockOutputWarnings.Units(FreshPlanLines, Root);

        Assert.Equal(["compute", "security"], units.Order(StringComparer.Ordinal));
        Assert.Empty(MockOutputWarnings.Units(["Config is fine", "has no outputs"], Root));
    }

    [Fact]
    public void A_fresh_environment_is_applied_level_by_level_never_from_a_plan_with_mocks()
    {
        var runner = new ScriptedRunner(
            Plan(Changed("network", "security", "compute"), mocked: ["security", "compute"]),
            Plan(Changed("security", "compute"), mocked: ["compute"]),
            Plan(Changed("compute"), mocked: []));
        var log = new List<string>();

        var rounds = StagedApply.Run(runner, Target(), runner.Next(), unit: null, allowDestroy: false, log.Add, log.Add);

        Assert.Equal(3, rounds);
        Assert.Equal([["network"], ["security"], ["compute"]], runner.Applied);
        Assert.Contains(log, l => l.StartsWith("compute, security: planned with mock outputs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_environment_with_state_applies_its_saved_plans_in_one_round()
    {
        var runner = new ScriptedRunner(Plan(Changed("compute", "edge"), mocked: []));

        Assert.Equal(1, StagedApply.Run(runner, Target(), runner.Next(), null, false, _ => { }, _ => { }));
        Assert.Equal([["compute", "edge"]], runner.Applied);
    }

    [Fact]
    public void The_destroy_guard_judges_every_round_plan()
    {
        var database = new UnitPlan("database", [new ResourceChange("aws_rds_cluster.this", "aws_rds_cluster", ["delete", "create"])], HasChanges: true);
        var runner = new ScriptedRunner(
            Plan(Changed("network", "database"), mocked: ["database"]),
            new InfraPlan([database]));

        var error = Assert.Throws<DestroyRefusedException>(() => StagedApply.Run(runner, Target(), runner.Next(), null, false, _ => { }, _ => { }));

        Assert.Contains("aws_rds_cluster.this", error.Message, StringComparison.Ordinal);
        Assert.Equal([["network"]], runner.Applied);
    }

    [Fact]
    public void A_unit_that_still_gets_mocks_when_nothing_is_left_to_apply_is_an_error()
    {
        var runner = new ScriptedRunner(
            Plan(Changed("network", "security"), mocked: ["security"]),
            Plan(Changed("security"), mocked: ["security"]));

        var error = Assert.Throws<IacCommandException>(() => StagedApply.Run(runner, Target(), runner.Next(), null, false, _ => { }, _ => { }));

        Assert.StartsWith("security still take mock outputs", error.Message, StringComparison.Ordinal);
        Assert.Equal([["network"]], runner.Applied);
    }

    private static InfraTarget Target() =>
        new("staging", Root, "/tmp/work", new Dictionary<string, string>(), new Dictionary<string, string>());

    private static IReadOnlyList<UnitPlan> Changed(params string[] units) =>
        [.. units.Select(u => new UnitPlan(u, [new ResourceChange($"aws_s3_bucket.{u}", "aws_s3_bucket", ["create"])], HasChanges: true))];

    private static InfraPlan Plan(IReadOnlyList<UnitPlan> units, string[] mocked) =>
        new(units) { MockedUnits = mocked.ToHashSet(StringComparer.Ordinal) };

    /// <summary>Plays back the plans Terragrunt made in each round and records which units each apply took.</summary>
    private sealed class ScriptedRunner(params InfraPlan[] plans) : IInfraRunner
    {
        private readonly Queue<InfraPlan> _plans = new(plans);

        public List<string[]> Applied { get; } = [];

        public InfraPlan Next() => _plans.Dequeue();

        public InfraPlan Plan(InfraTarget target, bool destroy = false, string? unit = null, bool readOnly = false) => Next();

        public void Apply(InfraTarget target, InfraPlan plan) => Applied.Add([.. plan.ReadyToApply.Select(u => u.Unit)]);

        public IReadOnlyList<string> OutputDocuments(InfraTarget target) => [];

        public void Destroy(InfraTarget target)
        {
        }
    }
}
