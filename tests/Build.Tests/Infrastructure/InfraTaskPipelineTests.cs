using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>The infrastructure targets run as a user runs them: the pipeline process on a small repository.</summary>
[Collection(TerraformTestGroup.Name)]
public sealed class InfraTaskPipelineTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("production")]
    public async Task DestroyStaging_refuses_other_environments_before_anything_runs(string environment)
    {
        var result = await Run.PipelineAsync(["--target=DestroyStaging", $"--environment={environment}"], workingDirectory: Repo.Root);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n'), l => l.Contains("Error:", StringComparison.Ordinal));
        Assert.Contains($"refusing --environment={environment}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Release version", result.Output, StringComparison.Ordinal);
    }
}

/// <summary>TerragruntApply and PlanInfra on a local environment whose iacDir is the tiny fixture root, against moto.</summary>
[Collection(TerraformTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class LocalApplyPipelineTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Dry_run_plans_only_then_apply_applies_and_a_second_plan_has_no_changes()
    {
        Requirements.Tool("terraform");
        var git = Requirements.Tool("git");
        using var repo = new TempDir();
        repo.Write("build.sh", "#!/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(repo.Path, "build"));
        foreach (var file in Directory.GetFiles(TerraformRunnerTests.FixtureRoot, "*.tf", SearchOption.AllDirectories))
        {
            repo.Write(Path.Combine("infra", Path.GetRelativePath(TerraformRunnerTests.FixtureRoot, file)), File.ReadAllText(file));
        }

        repo.Write("deploy.yml", """
            project: tiny
            region: ap-northeast-1
            environments:
              local:
                runner: terraform
                iacDir: infra
            """);
        repo.Write(".gitignore", ".local-cloud/\n.deploy/\n.terraform/\n");
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fixture"] })
        {
            Assert.Equal(0, (await Run.ProcessAsync(git, args, repo.Path)).ExitCode);
        }

        var env = new Dictionary<string, string?>
        {
            ["LOCAL_CLOUD_MOTO_PORT"] = moto.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TF_VAR_name_prefix"] = "p" + Path.GetFileName(repo.Path)[^10..],
        };

        var dryRun = await Run.PipelineAsync(["--target=TerragruntApply", "--dry-run"], env, repo.Path);
        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains("local: would apply +3 ~0 -0", dryRun.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Path, ".local-cloud", "terraform", "local.tfstate")));
        // The saved plan holds every planned value, sensitive ones too: owner-only (review row 24).
        var work = Path.Combine(repo.Path, ".deploy", "infra", "local");
        Assert.Equal(PlanFiles.FolderMode, File.GetUnixFileMode(work));
        Assert.All(Directory.GetFiles(work), f => Assert.Equal(PlanFiles.FileMode, File.GetUnixFileMode(f)));
        Assert.NotEmpty(Directory.GetFiles(work, "*.tfplan"));

        var apply = await Run.PipelineAsync(["--target=TerragruntApply"], env, repo.Path);
        Assert.True(apply.ExitCode == 0, apply.Output);
        Assert.Contains("local: applied +3 ~0 -0", apply.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo.Path, ".local-cloud", "terraform", "local.tfstate")));

        var plan = await Run.PipelineAsync(["--target=PlanInfra"], env, repo.Path);
        Assert.True(plan.ExitCode == 0, plan.Output);
        Assert.Contains("local: no changes", plan.Output, StringComparison.Ordinal);
    }
}
