using System.Text.RegularExpressions;
using Deploy.Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Deploy.Build.Tests.Workflows;

/// <summary>The GitHub workflows: valid for GitHub (a real validator), pinned, minimal, and only calling the pipeline.</summary>
public sealed partial class WorkflowTests
{
    private static string WorkflowDir => Repo.PathOf(".github/workflows");

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(WorkflowDir, "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static async Task<ProcessResult> ValidateAsync(string path)
    {
        var node = Requirements.Tool("node");
        var validator = Repo.PathOf("tools/node_modules/@action-validator/cli/cli.mjs");
        Skip.If(!File.Exists(validator) && !Requirements.InCi, "run npm ci in tools/ first (the Test target does)");
        return await Run.ProcessAsync(node, [validator, path]);
    }

    [SkippableTheory]
    [MemberData(nameof(Workflows))]
    public async Task Passes_the_action_validator(string workflow)
    {
        var result = await ValidateAsync(Path.Combine(WorkflowDir, workflow));

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [SkippableFact]
    public async Task The_validator_rejects_a_broken_workflow()
    {
        using var dir = new TempDir();
        var broken = dir.Write("broken.yml", "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n");

        var result = await ValidateAsync(broken);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_by_full_commit_sha_with_a_version_comment(string workflow)
    {
        var text = File.ReadAllText(Path.Combine(WorkflowDir, workflow));
        foreach (Match use in UsesLine().Matches(text))
        {
            Assert.Matches(PinnedUse(), use.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_run_step_calls_the_pipeline(string workflow)
    {
        foreach (var step in Steps(workflow))
        {
            if (step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
            {
                Assert.StartsWith("./build.sh --target=", ((YamlScalarNode)run).Value!.Trim(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("deploy-staging.yml", "staging")]
    [InlineData("deploy-production.yml", "production")]
    public void Deploys_run_on_their_branch_in_their_environment_with_oidc_and_no_cancel(string workflow, string environment)
    {
        var root = Load(workflow);
        var on = (YamlMappingNode)root["on"];
        var branches = (YamlSequenceNode)((YamlMappingNode)on["push"])["branches"];
        Assert.Equal(environment, ((YamlScalarNode)branches.Children.Single()).Value);

        var permissions = (YamlMappingNode)root["permissions"];
        Assert.Equal(2, permissions.Children.Count);
        Assert.Equal("write", ((YamlScalarNode)permissions["id-token"]).Value);
        Assert.Equal("read", ((YamlScalarNode)permissions["contents"]).Value);

        var concurrency = (YamlMappingNode)root["concurrency"];
        Assert.Equal($"deploy-{environment}", ((YamlScalarNode)concurrency["group"]).Value);
        Assert.Equal("false", ((YamlScalarNode)concurrency["cancel-in-progress"]).Value);

        var job = (YamlMappingNode)((YamlMappingNode)root["jobs"]).Children.Values.Single();
        Assert.Equal(environment, ((YamlScalarNode)job["environment"]).Value);
        var text = File.ReadAllText(Path.Combine(WorkflowDir, workflow));
        Assert.Contains("role-to-assume:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aws-secret-access-key", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Destroying_staging_needs_a_typed_confirmation()
    {
        var root = Load("destroy-staging.yml");
        var dispatch = (YamlMappingNode)((YamlMappingNode)root["on"])["workflow_dispatch"];
        Assert.Single(((YamlMappingNode)root["on"]).Children);
        Assert.True(((YamlMappingNode)dispatch["inputs"]).Children.ContainsKey(new YamlScalarNode("confirm")));
        var job = (YamlMappingNode)((YamlMappingNode)root["jobs"])["destroy"];
        Assert.Contains("inputs.confirm == 'destroy staging'", ((YamlScalarNode)job["if"]).Value, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string workflow)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(WorkflowDir, workflow))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Steps(string workflow) =>
        ((YamlMappingNode)Load(workflow)["jobs"]).Children.Values
            .Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>());

    [GeneratedRegex(@"uses:\s*\S+.*")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex PinnedUse();
}
