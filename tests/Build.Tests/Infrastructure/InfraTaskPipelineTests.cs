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

/// <summary>
/// TerragruntApply and PlanInfra on a local environment whose iacDir is the tiny fixture root, against an IAM-enforcing
/// moto: the dry run as the plan role, the apply as the infra role (the module's real roles, made beforehand).
/// </summary>
[Collection(TerraformTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class LocalApplyPipelineTests(EnforcingMotoServer moto) : IClassFixture<EnforcingMotoServer>
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
            // Without the fixture's fixed test keys: terraform runs with the phase's role session, as it does locally.
            var text = string.Join('\n', File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith("access_key", StringComparison.Ordinal) && !l.TrimStart().StartsWith("secret_key", StringComparison.Ordinal)));
            repo.Write(Path.Combine("infra", Path.GetRelativePath(TerraformRunnerTests.FixtureRoot, file)), text + "\n");
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

        // The roles' rights are by name: the bucket is the project's assets bucket (tiny-local-assets-a).
        await LocalRoles.ApplyAsync(moto, "tiny", assetsBucket: "tiny-local-assets-a");
        var state = moto.Settings.StateDirectory;
        var env = new Dictionary<string, string?>
        {
            ["LOCAL_CLOUD_STATE_DIR"] = state,
            ["LOCAL_CLOUD_MOTO_PORT"] = moto.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TF_VAR_name_prefix"] = "tiny-local",
        };

        var dryRun = await Run.PipelineAsync(["--target=TerragruntApply", "--dry-run"], env, repo.Path);
        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.Contains("local: would apply +3 ~0 -0", dryRun.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(state, "terraform", "local.tfstate")));
        // The saved plan holds every planned value, sensitive ones too: owner-only (review row 24).
        var work = Path.Combine(repo.Path, ".deploy", "infra", "local");
        Assert.Equal(PlanFiles.FolderMode, File.GetUnixFileMode(work));
        Assert.All(Directory.GetFiles(work), f => Assert.Equal(PlanFiles.FileMode, File.GetUnixFileMode(f)));
        Assert.NotEmpty(Directory.GetFiles(work, "*.tfplan"));

        var apply = await Run.PipelineAsync(["--target=TerragruntApply"], env, repo.Path);
        Assert.True(apply.ExitCode == 0, apply.Output);
        Assert.Contains("local: applied +3 ~0 -0", apply.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(state, "terraform", "local.tfstate")));
        Assert.Contains("[as tiny-local-github-infra", apply.Output, StringComparison.Ordinal);

        // Nothing that decides the plan changed: the next apply plans nothing; --plan-all plans anyway (and finds nothing).
        var again = await Run.PipelineAsync(["--target=TerragruntApply"], env, repo.Path);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("no changes (IaC, inputs and state as the last apply left them; --plan-all plans anyway)", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("terraform local] Terraform will perform", again.Output, StringComparison.Ordinal);
        // The outputs were read once for this state and kept beside it, owner-only, under the state's hash.
        var stateFile = Path.Combine(state, "terraform", "local.tfstate");
        var outputs = stateFile + ".outputs.json";
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(outputs));
        Assert.StartsWith(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(stateFile))) + "\n",
            await File.ReadAllTextAsync(outputs), StringComparison.Ordinal);
        var all = await Run.PipelineAsync(["--target=TerragruntApply", "--plan-all"], env, repo.Path);
        Assert.True(all.ExitCode == 0, all.Output);
        Assert.DoesNotContain("as the last apply left them", all.Output, StringComparison.Ordinal);
        Assert.Contains("local: no changes", all.Output, StringComparison.Ordinal);

        var plan = await Run.PipelineAsync(["--target=PlanInfra"], env, repo.Path);
        Assert.True(plan.ExitCode == 0, plan.Output);
        Assert.Contains("local: no changes", plan.Output, StringComparison.Ordinal);
    }
}
