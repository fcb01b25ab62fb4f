using Deploy.Build.Configuration;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tasks;

namespace Deploy.Build.Tests.Ecs;

public sealed class DeployInputTests
{
    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    internal static InfraOutputs Outputs(string cluster = "webapp-local") => new(
        Empty, Empty, cluster,
        new Dictionary<string, string> { ["api"] = "webapp-local-api", ["web"] = "webapp-local-web" },
        new Dictionary<string, string> { ["api"] = "webapp-local-api", ["web"] = "webapp-local-web" },
        new Dictionary<string, string> { ["api"] = "api", ["web"] = "web" },
        ["subnet-1"], ["sg-1"], false, "assets", "E123", "d.cloudfront.net", Empty, Empty, "alb");

    private static readonly ServiceConfig Api = new("api", "api", 3001, "/health");

    [Fact]
    public void Maps_a_configured_service_to_its_ecs_names() =>
        Assert.Equal(new ServiceTarget("api", "webapp-local", "webapp-local-api", "api", "/health"), EcsTargets.For(Api, Outputs()));

    [Fact]
    public void Refuses_missing_outputs_and_missing_entries_in_one_line()
    {
        Assert.StartsWith("no infrastructure outputs", Assert.Throws<DeployInputException>(() => EcsTargets.RequireOutputs(null)).Message, StringComparison.Ordinal);
        Assert.Equal("service 'worker' has no entry in infrastructure output ecs_service_names",
            Assert.Throws<DeployInputException>(() => EcsTargets.For(new ServiceConfig("worker", "api", 1, "/"), Outputs())).Message);
        Assert.Equal("infrastructure output ecs_cluster_name is empty",
            Assert.Throws<DeployInputException>(() => EcsTargets.For(Api, Outputs(cluster: ""))).Message);
    }

    [Fact]
    public void Needs_a_pushed_image_except_in_a_dry_run()
    {
        var pushed = new Dictionary<string, PushedImage> { ["api"] = new("api", "127.0.0.1:5050/webapp-api", "abc1234", "sha256:0f") };

        Assert.Equal("127.0.0.1:5050/webapp-api@sha256:0f", EcsTargets.Pushed(pushed, "api", dryRun: false)!.ByDigest);
        Assert.Null(EcsTargets.Pushed(pushed, "web", dryRun: true));
        Assert.Contains("PushImages must run first", Assert.Throws<DeployInputException>(() => EcsTargets.Pushed(pushed, "web", dryRun: false)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_the_migration_task_definition_from_the_service_with_the_migration_image()
    {
        var config = ConfigWith([new ServiceConfig("web", "web", 3000, "/health"), Api]);

        Assert.Equal("api", EcsTargets.MigrationService(config, new MigrationConfig("api", ["/app/bin/migrate"], MigrationStrategy.OneOffTask, TimeSpan.FromMinutes(30))).Name);
        Assert.Throws<DeployInputException>(() => EcsTargets.MigrationService(config, new MigrationConfig("worker", ["x"], MigrationStrategy.OneOffTask, TimeSpan.FromMinutes(1))));
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0", 0)]
    public void Reads_the_scale_count(string value, int expected) => Assert.Equal(expected, RunOptions.ScaleCount(value));

    [Theory]
    [InlineData(null)]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("101")]
    public void Refuses_a_bad_scale_count(string? value) => Assert.Throws<DeployInputException>(() => RunOptions.ScaleCount(value));

    [Theory]
    [InlineData(null, 30)]
    [InlineData("", 30)]
    [InlineData("45", 45)]
    public void Reads_the_rollout_timeout_in_minutes(string? value, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), RolloutTimeouts.Service(value));

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("forever")]
    public void Refuses_a_bad_rollout_timeout(string value) =>
        Assert.StartsWith("DEPLOY_ROLLOUT_TIMEOUT_MINUTES must be whole minutes", Assert.Throws<DeployInputException>(() => RolloutTimeouts.Service(value)).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Summarises_rollouts_in_one_line()
    {
        var stable = new ServiceRolloutResult(true, "ok", [], TimeSpan.FromSeconds(4.21));
        var failed = new ServiceRolloutResult(false, "rolled back: revision 6 failed its health check", ["(service api) rolling back"], TimeSpan.FromSeconds(61));

        Assert.Equal("api: revision 5 -> 6, stable in 4.2 s", new RolloutOutcome("api", 5, 6, true, stable).Summary());
        Assert.Equal("web: unchanged (same image)", new RolloutOutcome("web", 3, 3, false, null).Summary());
        Assert.Equal("api: revision 5 -> 6 FAILED after 61.0 s: rolled back: revision 6 failed its health check",
            new RolloutOutcome("api", 5, 6, true, failed).Summary());
        Assert.EndsWith("service events:" + Environment.NewLine + "  (service api) rolling back",
            new RolloutOutcome("api", 5, 6, true, failed).FailureText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/webapp/local/database_url", "/webapp/local/database_url")]
    [InlineData("arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/local/database_url", "/webapp/local/database_url")]
    public void Reads_the_parameter_name_from_value_from(string valueFrom, string name) =>
        Assert.Equal(name, SsmSecretResolver.ParameterName(valueFrom));

    [Fact]
    public void Puts_environment_in_the_env_file_with_local_overrides_last_and_never_in_arguments()
    {
        var spec = new LocalContainerSpec("repo/api@sha256:0f", null, ["/app/bin/serve"],
            [new("PORT", "3001"), new("NODE_ENV", "production")], [("DATABASE_URL", "/webapp/db")]);

        var env = LocalContainerSpec.EnvFile([.. spec.Environment, new("DATABASE_URL", "postgres://u:p@h/db"), new("PORT", "41234")]);
        var args = spec.RunArguments("webapp-local-api-6-1", new Dictionary<string, string> { ["deploy.service"] = "api" }, "/state/x.env", null);

        Assert.Equal("PORT=41234\nNODE_ENV=production\nDATABASE_URL=postgres://u:p@h/db\n", env);
        Assert.Equal(["run", "-d", "--network", "host", "--name", "webapp-local-api-6-1", "--env-file", "/state/x.env",
            "--label", "deploy.service=api", "repo/api@sha256:0f", "/app/bin/serve"], args);
        Assert.Throws<InvalidOperationException>(() => LocalContainerSpec.EnvFile([new("KEY", "two\nlines")]));
    }

    [Fact]
    public void Runs_an_entry_point_with_the_command_override_after_it()
    {
        var spec = new LocalContainerSpec("img", ["/bin/sh", "-c"], ["serve"], [], []);

        var args = spec.RunArguments("n", new Dictionary<string, string>(), "/e", ["migrate"]);

        Assert.Equal(["--entrypoint", "/bin/sh", "img", "-c", "migrate"], args.Skip(8));
    }

    private static DeployConfig ConfigWith(IReadOnlyList<ServiceConfig> services) =>
        new("webapp", "ap-northeast-1", [], services, [], null, new Dictionary<string, EnvironmentConfig>(), 1);
}
