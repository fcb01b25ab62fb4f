using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>The local bootstrap plans again exactly when a policy, an input or the running moto changed.</summary>
public sealed class BootstrapFingerprintTests
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
        var first = BootstrapFingerprint.Of(Target(dir));
        Assert.False(first.Unchanged());

        first.Record();

        Assert.True(BootstrapFingerprint.Of(Target(dir)).Unchanged());
    }

    [Fact]
    public void A_policy_edit_an_input_or_a_moto_restart_plans_again()
    {
        using var dir = new TempDir();
        BootstrapFingerprint.Of(Target(dir)).Record();

        File.WriteAllText(Path.Combine(dir.Path, "infra", "modules", "ci-access", "policy_deploy.tf"), "# (ecs:UpdateService removed)\n");
        Assert.False(BootstrapFingerprint.Of(Target(dir)).Unchanged());
        BootstrapFingerprint.Of(Target(dir)).Record();

        Assert.False(BootstrapFingerprint.Of(Target(dir, repository: "other/app")).Unchanged());

        File.WriteAllText(Path.Combine(dir.Path, "generation"), "g2\n");
        Assert.False(BootstrapFingerprint.Of(Target(dir)).Unchanged());
    }
}
