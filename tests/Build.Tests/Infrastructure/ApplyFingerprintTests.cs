using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>A local plan is skipped exactly while the IaC, the inputs, the running moto and (for the stack) the state are as the last apply left them.</summary>
public sealed class ApplyFingerprintTests
{
    private static InfraTarget Target(TempDir dir, string repository = "example/app")
    {
        var root = Path.Combine(dir.Path, "infra", "envs", "local");
        Directory.CreateDirectory(root);
        if (!File.Exists(Path.Combine(root, "main.tf")))
        {
            File.WriteAllText(Path.Combine(root, "main.tf"), "module \"ci_access\" {}\n");
            Directory.CreateDirectory(Path.Combine(dir.Path, "infra", "modules", "ci-access"));
            File.WriteAllText(Path.Combine(dir.Path, "infra", "modules", "ci-access", "policy_deploy.tf"), "# ecs:UpdateService\n");
            File.WriteAllText(Path.Combine(dir.Path, "generation"), "g1\n");
        }

        return new InfraTarget("local", root, Path.Combine(dir.Path, "work"),
            new Dictionary<string, string> { ["TF_VAR_github_repository"] = repository, ["AWS_SESSION_TOKEN"] = Guid.NewGuid().ToString() },
            new Dictionary<string, string> { ["path"] = Path.Combine(dir.Path, "state", "local.tfstate") },
            new LocalStateFreshness(Path.Combine(dir.Path, "state", "local.tfstate"), Path.Combine(dir.Path, "generation")));
    }

    [Fact]
    public void Unchanged_after_it_is_recorded_whatever_the_session_credentials()
    {
        using var dir = new TempDir();
        var first = ApplyFingerprint.OfBootstrap(Target(dir));
        Assert.False(first.Unchanged());

        first.Record();

        Assert.True(ApplyFingerprint.OfBootstrap(Target(dir)).Unchanged());
    }

    [Fact]
    public void A_policy_edit_an_input_or_a_moto_restart_plans_again()
    {
        using var dir = new TempDir();
        ApplyFingerprint.OfBootstrap(Target(dir)).Record();

        File.WriteAllText(Path.Combine(dir.Path, "infra", "modules", "ci-access", "policy_deploy.tf"), "# (ecs:UpdateService removed)\n");
        Assert.False(ApplyFingerprint.OfBootstrap(Target(dir)).Unchanged());
        ApplyFingerprint.OfBootstrap(Target(dir)).Record();

        Assert.False(ApplyFingerprint.OfBootstrap(Target(dir, repository: "other/app")).Unchanged());

        File.WriteAllText(Path.Combine(dir.Path, "generation"), "g2\n");
        Assert.False(ApplyFingerprint.OfBootstrap(Target(dir)).Unchanged());
    }

    [Fact]
    public void The_stack_plans_again_when_its_state_changed_and_the_bootstrap_does_not()
    {
        using var dir = new TempDir();
        var target = Target(dir);
        Directory.CreateDirectory(Path.Combine(dir.Path, "state"));
        File.WriteAllText(target.BackendConfig["path"], "{\"serial\": 1}");
        ApplyFingerprint.OfUnit(target, null).Record();
        ApplyFingerprint.OfUnit(target, "ecr").Record();
        ApplyFingerprint.OfBootstrap(target).Record();
        Assert.True(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());

        // Another unit's apply (or the bootstrap's) wrote the state.
        File.WriteAllText(target.BackendConfig["path"], "{\"serial\": 2}");

        Assert.False(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());
        Assert.False(ApplyFingerprint.OfUnit(Target(dir), "ecr").Unchanged());
        Assert.True(ApplyFingerprint.OfBootstrap(Target(dir)).Unchanged());
        Assert.NotEqual(ApplyFingerprint.OfUnit(target, null).File, ApplyFingerprint.OfUnit(target, "ecr").File);
    }

    [Fact]
    public void A_module_edit_or_a_new_provider_lock_plans_the_stack_again_and_remote_state_is_never_fingerprinted()
    {
        using var dir = new TempDir();
        var target = Target(dir);
        ApplyFingerprint.OfUnit(target, null).Record();

        File.WriteAllText(Path.Combine(target.RootDirectory, ".terraform.lock.hcl"), "provider \"registry.terraform.io/hashicorp/aws\" {}\n");
        Assert.False(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());
        ApplyFingerprint.OfUnit(Target(dir), null).Record();
        File.WriteAllText(Path.Combine(dir.Path, "infra", "modules", "ci-access", "main.tf"), "# a new file in a module\n");
        Assert.False(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());

        Assert.True(ApplyFingerprint.Applies(target));
        Assert.False(ApplyFingerprint.Applies(target with { BackendConfig = new Dictionary<string, string> { ["bucket"] = "tfstate" } }));
    }

    [Fact]
    public void An_edit_of_the_shared_services_file_plans_the_stack_again()
    {
        using var dir = new TempDir();
        var target = Target(dir);
        var services = Path.Combine(dir.Path, "infra", "envs", "services.json");
        File.WriteAllText(services, "{\"services\": {\"web\": {\"health_check_path\": \"/health\"}}}\n");
        ApplyFingerprint.OfUnit(target, null).Record();
        Assert.True(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());

        File.WriteAllText(services, "{\"services\": {\"web\": {\"health_check_path\": \"/healthz\"}}}\n");

        Assert.False(ApplyFingerprint.OfUnit(Target(dir), null).Unchanged());
    }

    [Fact]
    public void A_variable_the_run_inherited_counts_and_the_pipelines_own_value_wins()
    {
        var set = new Dictionary<string, string> { ["TF_VAR_github_repository"] = "example/app", ["AWS_SESSION_TOKEN"] = "x" };
        var inherited = new System.Collections.Hashtable { ["TF_VAR_web_port"] = "3100", ["TF_VAR_github_repository"] = "user/override", ["PATH"] = "/bin", ["TF_CLI_ARGS_plan"] = "-parallelism=2" };

        var inputs = ApplyFingerprint.Inputs(set, inherited);

        Assert.Equal(["TF_CLI_ARGS_plan=-parallelism=2", "TF_VAR_github_repository=example/app", "TF_VAR_web_port=3100"], inputs.Select(i => $"{i.Key}={i.Value}"));
    }
}
