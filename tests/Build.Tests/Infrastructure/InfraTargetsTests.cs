using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;
using Deploy.Build.Tools.Terragrunt;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>What a Terragrunt environment's runs are given (review rows 13 and 20).</summary>
public sealed class InfraTargetsTests
{
    [Fact]
    public void An_AWS_environment_gets_the_release_tag_and_no_shared_plugin_cache()
    {
        using var fixture = new ConfigFixture();
        fixture.WriteConfig(ConfigFixture.ValidYaml);
        var context = CakeFixture.Context(fixture.Root, new Dictionary<string, string> { ["environment"] = "staging" }, new CapturingLog());
        context.ReleaseVersion = "0123456789ab";
        var log = new CapturingLog();
        var runner = CakeFixture.Terraform(log);
        var targets = new InfraTargets(new TerraformInfraRunner(runner), new TerragruntInfraRunner(null!), new NoLocalVariables());

        var target = targets.For(context, DeployRole.Infra);

        Assert.Equal("0123456789ab", target.Environment[EnvVars.DeployReleaseTag]);
        Assert.False(target.Environment.ContainsKey(EnvVars.TerraformPluginCacheDir));
        Assert.True(target.Environment.ContainsKey(EnvVars.TerraformCliConfigFile));
        // Outside GitHub Actions there is no job token: terraform resolves its own credentials (profile, SSO), as the SDK does.
        Assert.False(target.Environment.ContainsKey(EnvVars.AwsAccessKeyId));
    }

    private sealed class NoLocalVariables : ILocalTerraformVariables
    {
        public IReadOnlyDictionary<string, string> For(DeployContext context) => new Dictionary<string, string>();
    }
}
