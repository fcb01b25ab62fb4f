using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>
/// The Terragrunt environments (root.hcl, common.hcl, _envcommon, env.hcl, the units), checked with a real HCL
/// parser against the modules and deploy.yml (terragrunt itself is not installable here).
/// </summary>
public sealed class TerragruntTreeTests
{
    private static readonly string Tools = Repo.PathOf("infra/terraform/tools");

    [SkippableFact]
    public async Task Units_dependencies_outputs_and_inputs_are_consistent()
    {
        var node = NodeWithCheckerPackages();

        var result = await Run.ProcessAsync(node, [Path.Combine(Tools, "check-terragrunt.mjs")], Repo.Root);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [SkippableFact]
    public async Task The_checker_rejects_broken_copies_of_the_tree()
    {
        var node = NodeWithCheckerPackages();

        var result = await Run.ProcessAsync(node, ["--test", "check-terragrunt.test.mjs"], Tools);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>
    /// `terragrunt hcl validate` only parses (no init, no backend, dependency outputs skipped: `shouldGetOutputs` in
    /// config/dependency.go at v0.97.0 and pkg/config/dependency.go at v1.1.3), so it needs no AWS credentials;
    /// `run --all validate` would configure the S3 backend and read dependency outputs first (review row 11).
    /// No `--inputs`: at v0.97.0 it reads dependency outputs too.
    /// </summary>
    [SkippableFact]
    public async Task Terragrunt_validates_every_unit_where_it_is_installed()
    {
        var terragrunt = Deploy.Build.Tools.Processes.ProcessRunner.Locate("terragrunt");
        Skip.If(terragrunt is null, "terragrunt is not installed here (not in Debian or npm); the HCL check above covers the tree");

        foreach (var env in new[] { "staging", "production" })
        {
            var result = await Run.ProcessAsync(terragrunt!, ["hcl", "validate"], Repo.PathOf($"infra/terraform/envs/{env}"));
            Assert.True(result.ExitCode == 0, result.Output);
        }
    }

    private static string NodeWithCheckerPackages()
    {
        var node = Requirements.Tool("node");
        var installed = new[] { "@cdktf/hcl2json", "yaml" }.All(p => Directory.Exists(Path.Combine(Tools, "node_modules", p)));
        Skip.If(!installed && !Requirements.InCi, "run npm ci in infra/terraform/tools first");
        return node;
    }
}
