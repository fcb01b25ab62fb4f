using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>The Terragrunt environments, checked with a real HCL parser (terragrunt itself is not installable here).</summary>
public sealed class TerragruntTreeTests
{
    [SkippableFact]
    public async Task Units_dependencies_outputs_and_inputs_are_consistent()
    {
        var node = Requirements.Tool("node");
        var tools = Repo.PathOf("infra/terraform/tools");
        Skip.If(!Directory.Exists(Path.Combine(tools, "node_modules")) && !Requirements.InCi, "run npm ci in infra/terraform/tools first");

        var result = await Run.ProcessAsync(node, [Path.Combine(tools, "check-terragrunt.mjs")], Repo.Root);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [SkippableFact]
    public async Task Terragrunt_validates_every_unit_where_it_is_installed()
    {
        var terragrunt = Deploy.Build.Tools.Processes.ProcessRunner.Locate("terragrunt");
        Skip.If(terragrunt is null, "terragrunt is not installed here (not in Debian or npm); the HCL check above covers the tree");

        foreach (var env in new[] { "staging", "production" })
        {
            var result = await Run.ProcessAsync(terragrunt!, ["run", "--all", "validate", "--non-interactive"], Repo.PathOf($"infra/terraform/envs/{env}"));
            Assert.True(result.ExitCode == 0, result.Output);
        }
    }
}
