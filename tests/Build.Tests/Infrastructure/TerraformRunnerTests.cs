using System.Diagnostics;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>
/// The wrappers and the local runner for real: terraform on a tiny local root (bucket, SSM parameter,
/// ECR module) against moto, through init/plan/show/apply/output/destroy, the destroy guard and the
/// moto-restart state reset.
/// </summary>
[Collection(TerraformTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class TerraformRunnerTests(MotoServer moto, ITestOutputHelper output) : IClassFixture<MotoServer>
{
    public static string FixtureRoot => Repo.PathOf("tests/Build.Tests/Infrastructure/Fixtures/tiny-local");

    /// <summary>A private copy of the fixture root with its own state and local-cloud folder.</summary>
    internal static InfraTarget Target(TempDir work, string motoEndpoint, IDictionary<string, string>? variables = null)
    {
        var root = Path.Combine(work.Path, "tiny-local");
        CopyDirectory(FixtureRoot, root);
        var env = new Dictionary<string, string>(
            TerraformCliConfig.Prepare(Repo.PathOf(".deploy/test-terraform"), TerraformCliConfig.MirrorFromEnvironment()), StringComparer.Ordinal)
        {
            [InfraTargets.AwsEndpointVariable] = motoEndpoint,
            ["TF_VAR_name_prefix"] = "t" + Path.GetFileName(work.Path)[^10..],
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        return InfraTargets.ForLocalRoot("local", root, Path.Combine(work.Path, "work"), Path.Combine(work.Path, ".local-cloud"), env);
    }

    [SkippableFact]
    public void Plans_applies_reads_outputs_guards_and_destroys_through_the_wrappers()
    {
        using var work = new TempDir();
        var log = new CapturingLog();
        var runner = NewRunner(log);
        var target = Target(work, moto.Endpoint);
        work.Write(".local-cloud/moto/generation", "gen-1\n");

        var clock = Stopwatch.StartNew();
        var first = runner.Plan(target);
        Assert.Equal(["local: +3 ~0 -0"], first.Units.Select(u => u.ToString()));
        Assert.Equal(ApplyAction.Apply, ApplyDecision.Decide(first, dryRun: false, allowDestroy: false));
        runner.Apply(target, first);
        target.Freshness!.Record();
        var firstApply = clock.Elapsed;
        Assert.Contains(log.Lines, l => l.StartsWith("[terraform tiny-local] Apply complete!", StringComparison.Ordinal));

        var outputs = InfraOutputs.FromJson(runner.OutputDocuments(target));
        var prefix = target.Environment["TF_VAR_name_prefix"];
        Assert.Equal(prefix + "-assets-a", outputs.AssetsBucketName);
        Assert.Equal($"/{prefix}/local/release", outputs.SsmParameterNames["release"]);
        Assert.Contains(prefix + "/api", outputs.EcrRepositoryUrls["api"], StringComparison.Ordinal);

        clock.Restart();
        var second = runner.Plan(target);
        var noChangePlan = clock.Elapsed;
        Assert.False(second.HasChanges);
        Assert.Equal(ApplyAction.NothingToApply, ApplyDecision.Decide(second, dryRun: false, allowDestroy: false));
        output.WriteLine($"tiny-local against moto: first plan+apply {firstApply.TotalSeconds:F1} s, no-change plan {noChangePlan.TotalSeconds:F1} s");

        // An in-place update, then a replacement of the bucket: refused without --allow-destroy.
        var updated = Target(work, moto.Endpoint, new Dictionary<string, string> { ["TF_VAR_release"] = "two" });
        var update = runner.Plan(updated);
        Assert.Equal(["local: +0 ~1 -0"], update.Units.Select(u => u.ToString()));
        runner.Apply(updated, update);

        var replaced = Target(work, moto.Endpoint, new Dictionary<string, string> { ["TF_VAR_release"] = "two", ["TF_VAR_bucket_suffix"] = "b" });
        var replace = runner.Plan(replaced);
        var refused = Assert.Throws<DestroyRefusedException>(() => ApplyDecision.Decide(replace, dryRun: false, allowDestroy: false));
        Assert.Contains("local: aws_s3_bucket.assets (replace)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(prefix + "-assets-a", InfraOutputs.FromJson(runner.OutputDocuments(replaced)).AssetsBucketName);

        // A destroy plan counts what would go; destroy takes it all.
        var destroyPlan = runner.Plan(updated, destroy: true);
        Assert.Equal(3, destroyPlan.Units.Single().Destroys);
        runner.Destroy(updated);
        Assert.Equal(["local: +3 ~0 -0"], runner.Plan(updated).Units.Select(u => u.ToString()));
    }

    [SkippableFact]
    public void One_unit_applies_alone_and_a_moto_restart_resets_the_local_state()
    {
        using var work = new TempDir();
        var runner = NewRunner(new CapturingLog());
        var target = Target(work, moto.Endpoint, new Dictionary<string, string> { ["TF_VAR_bucket_suffix"] = "unit" });
        var generation = work.Write(".local-cloud/moto/generation", "gen-1\n");

        var ecr = runner.Plan(target, unit: EcrUnitApplier.Unit);
        Assert.Equal(["ecr: +1 ~0 -0"], ecr.Units.Select(u => u.ToString()));
        Assert.Equal("module.ecr.aws_ecr_repository.this", ecr.Units.Single().Resources.Single().Address);
        runner.Apply(target, ecr);
        target.Freshness!.Record();
        Assert.Equal(["local: +2 ~0 -0"], runner.Plan(target).Units.Select(u => u.ToString()));

        // moto restarted (new generation): the state is moved aside and the whole root planned afresh.
        File.WriteAllText(generation, "gen-2\n");
        Assert.True(target.Freshness.ResetIfStale(dryRun: false));
        Assert.True(File.Exists(target.Freshness.StaleCopy));
        Assert.Equal(["local: +3 ~0 -0"], runner.Plan(target).Units.Select(u => u.ToString()));
    }

    [SkippableFact]
    public void A_failing_plan_is_one_line_error()
    {
        using var work = new TempDir();
        var runner = NewRunner(new CapturingLog());
        var good = Target(work, moto.Endpoint);
        var withoutEndpoint = good with { Environment = good.Environment.Where(kv => kv.Key != InfraTargets.AwsEndpointVariable).ToDictionary() };

        var ex = Assert.Throws<IacCommandException>(() => runner.Plan(withoutEndpoint));

        Assert.StartsWith("terraform plan failed (exit 1): Error: No value for required variable", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    private static TerraformInfraRunner NewRunner(CapturingLog log)
    {
        Requirements.Tool("terraform");
        return new TerraformInfraRunner(CakeFixture.Terraform(log));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*.tf", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
