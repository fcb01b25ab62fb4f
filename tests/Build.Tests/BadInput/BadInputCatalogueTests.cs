using System.Diagnostics;
using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.BadInput;

/// <summary>
/// The bad-input catalogue, run as a user would: `DeployStaging` in a clean git repository, with every AWS call sent
/// to moto through a counting proxy. Each case ends with exactly one `Error:` line, exit 1, Preflight as the only
/// task that ran, and no mutating request. Later-stage cases live with their stage: failing migration
/// (Ecs/LocalDataPlaneTests), failing health check (Ecs/LocalDataPlaneTests, Ecs/RolloutDeciderTests), a plan that
/// would destroy the database (Infrastructure/DestroyGuardTests, InfraTaskPipelineTests).
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputCatalogueTests(MotoServer moto) : IClassFixture<MotoServer>, IDisposable
{
    private const string Config = """
        project: catalogue
        region: ap-northeast-1
        images:
          - name: api
            context: app
            dockerfile: Dockerfile
        services:
          - name: api
            image: api
            port: 3001
            healthPath: /health
        staticSites:
          - name: web
            source: app/site
        environments:
          local:
            runner: terraform
            iacDir: infra
          staging:
            accountId: "111111111111"
            runner: terraform
            iacDir: infra
            branch: staging

        """;

    private readonly TempDir _repo = new();

    public static TheoryData<string, string, string> ConfigCases => new()
    {
        { "project: catalogue", "project: [catalogue", "Error: deploy.yml:23:20: (syntax): malformed YAML: the file ends inside an unclosed [ or {" },
        { "region:", "regoin:", "Error: deploy.yml:2:1: regoin: unknown key; did you mean 'region'?" },
        { "dockerfile: Dockerfile", "dockerfile: Missing.Dockerfile", "Error: deploy.yml:6:17: images[0].dockerfile: Dockerfile 'app/Missing.Dockerfile' does not exist" },
        { "source: app/site", "source: app/nothere", "Error: deploy.yml:14:13: staticSites[0].source: static directory 'app/nothere' does not exist" },
    };

    [SkippableTheory]
    [MemberData(nameof(ConfigCases))]
    public async Task A_bad_config_is_one_line_naming_file_line_and_key_and_changes_nothing(string find, string replace, string expected)
    {
        await CreateRepositoryAsync(Config.Replace(find, replace, StringComparison.Ordinal));

        await AssertRefusedAsync(expected, ThroughProxy);
    }

    [SkippableFact]
    public async Task The_wrong_AWS_account_for_the_environment_is_refused()
    {
        await CreateRepositoryAsync(Config);

        // moto's account is 123456789012.
        await AssertRefusedAsync("Error: Wrong AWS account for staging: credentials are for 123456789012, deploy.yml expects 111111111111.", ThroughProxy);
    }

    [SkippableFact]
    public async Task A_missing_state_bucket_says_to_run_the_bootstrap_script()
    {
        // moto's account, so Preflight gets past the account check to the state bucket, which nobody created.
        await CreateRepositoryAsync(Config.Replace("111111111111", "123456789012", StringComparison.Ordinal));

        await AssertRefusedAsync(
            "Error: The state bucket catalogue-staging-tfstate-123456789012 of staging does not exist: create it once with scripts/bootstrap_state.sh staging (Terragrunt does not create it).",
            ThroughProxy);
    }

    [SkippableFact]
    public async Task Missing_credentials_are_refused_with_where_to_get_them()
    {
        await CreateRepositoryAsync(Config);

        await AssertRefusedAsync($"Error: {Deploy.Build.Steps.Preflight.PreflightChecks.NoCredentials}", env =>
        {
            env["AWS_ACCESS_KEY_ID"] = null;
            env["AWS_SECRET_ACCESS_KEY"] = null;
            env["AWS_SESSION_TOKEN"] = null;
            env["AWS_PROFILE"] = null;
            env["AWS_CONFIG_FILE"] = Path.Combine(_repo.Path, "no-aws-config");
            env["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_repo.Path, "no-aws-credentials");
            env["AWS_EC2_METADATA_DISABLED"] = "true";
            env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null;
            env["AWS_WEB_IDENTITY_TOKEN_FILE"] = null;
            return Task.CompletedTask;
        });
    }

    [SkippableFact]
    public async Task An_unreachable_endpoint_is_one_line_naming_it()
    {
        await CreateRepositoryAsync(Config);
        var closed = MotoServer.FreePort();

        await AssertRefusedAsync($"Error: Cannot reach AWS STS at http://127.0.0.1:{closed}: Connection refused (check the network, proxy settings or AWS_ENDPOINT_URL).", env =>
        {
            env["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{closed}";
            return Task.CompletedTask;
        });
    }

    [SkippableFact]
    public async Task A_dirty_tree_is_refused_for_staging()
    {
        await CreateRepositoryAsync(Config);
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "app", "uncommitted.txt"), "work in progress");

        await AssertRefusedAsync("Error: Refusing to deploy a dirty working tree to staging: commit or stash your changes first.", ThroughProxy);
    }

    private FaultProxy? _proxy;

    /// <summary>Every AWS call to moto through a proxy that counts what would have changed something.</summary>
    private async Task ThroughProxy(Dictionary<string, string?> env)
    {
        _proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.None, TimeSpan.FromMinutes(5));
        env["AWS_ENDPOINT_URL"] = _proxy.Endpoint.ToString().TrimEnd('/');
    }

    private async Task AssertRefusedAsync(string expected, Func<Dictionary<string, string?>, Task> arrange)
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_REGION"] = "ap-northeast-1",
            ["GITHUB_ACTIONS"] = null,
        };
        await arrange(env);
        try
        {
            var run = await Run.PipelineAsync(["--target=DeployStaging"], env, _repo.Path, TimeSpan.FromMinutes(2));

            Assert.Equal(1, run.ExitCode);
            var errors = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.Equal([expected], errors);
            // Nothing ran after Preflight, and nothing was asked to change.
            Assert.Matches(@"(?m)^Preflight\s+FAILED", run.Output);
            Assert.DoesNotMatch(@"(?m)^(DeployLock|EnsureEcr|BuildImages|TerragruntApply)\s", run.Output);
            Assert.Empty((_proxy?.Mutations ?? []).Select(r => $"{r.Method} {r.Path} {r.Operation}"));
        }
        finally
        {
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync();
            }
        }
    }

    private async Task CreateRepositoryAsync(string config)
    {
        foreach (var tool in new[] { "git", "docker", "terraform" })
        {
            Requirements.Tool(tool);
        }

        // What RepositoryRoot looks for, a tiny app, and the config: committed, so the tree is clean.
        _repo.Write("build.sh", "#!/bin/sh\n");
        Directory.CreateDirectory(Path.Combine(_repo.Path, "build"));
        _repo.Write("build/.keep", string.Empty);
        _repo.Write("app/Dockerfile", "FROM scratch\n");
        _repo.Write("app/site/index.html", "<!doctype html><title>catalogue</title>\n");
        _repo.Write("infra/main.tf", "terraform {}\n");
        _repo.Write("deploy.yml", config);
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "catalogue"] })
        {
            var git = await Run.ProcessAsync("git", args, _repo.Path);
            Assert.True(git.ExitCode == 0, git.Output);
        }

        Debug.Assert(Directory.Exists(Path.Combine(_repo.Path, ".git")));
    }

    public void Dispose() => _repo.Dispose();
}
