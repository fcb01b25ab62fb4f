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
        foreach (var file in WorkflowFiles())
        {
            data.Add(file);
        }

        return data;
    }

    private static IEnumerable<string> WorkflowFiles() =>
        Directory.GetFiles(WorkflowDir, "*.yml").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f));

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

        // Nothing workflow-wide; the job's OIDC token (id-token: write) is how the pipeline assumes its roles.
        Assert.Empty((YamlMappingNode)root["permissions"]);

        var concurrency = (YamlMappingNode)root["concurrency"];
        Assert.Equal($"deploy-{environment}", ((YamlScalarNode)concurrency["group"]).Value);
        Assert.Equal("false", ((YamlScalarNode)concurrency["cancel-in-progress"]).Value);

        var job = (YamlMappingNode)((YamlMappingNode)root["jobs"]).Children.Values.Single();
        Assert.Equal(environment, ((YamlScalarNode)job["environment"]).Value);
        var permissions = (YamlMappingNode)job["permissions"];
        Assert.Equal(2, permissions.Children.Count);
        Assert.Equal("write", ((YamlScalarNode)permissions["id-token"]).Value);
        Assert.Equal("read", ((YamlScalarNode)permissions["contents"]).Value);
        var text = File.ReadAllText(Path.Combine(WorkflowDir, workflow));
        Assert.DoesNotContain("role-to-assume:", text, StringComparison.Ordinal);
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

    // Review row 11: the Test job has no AWS credentials, so its infrastructure checks must be offline
    // (`terragrunt run --all validate` would initialise the S3 backend and read dependency outputs).
    [Fact]
    public void The_ci_test_job_gets_no_aws_credentials()
    {
        var root = Load("ci.yml");
        var job = Jobs("ci.yml").Single(j => j.Name == "test").Job;
        Assert.Null(Scalar(job, "environment"));
        Assert.DoesNotContain(StepsOf(job), s => Uses(s)?.StartsWith("aws-actions/", StringComparison.Ordinal) == true);
        var permissions = Mapping(job, "permissions") ?? Mapping(root, "permissions")!;
        Assert.Null(Scalar(permissions, "id-token"));
        Assert.Contains(StepsOf(job), s => RunOf(s) == "./build.sh --target=Test");
    }

    // Review rows 10 and 19: a dry run outside the deploy's concurrency group must not take Terraform state locks (a real
    // deploy's apply would wait or fail), and needs no GitHub environment: it runs as the plan role, whose trust admits
    // main-branch jobs only, never an environment's subject (WorkflowAccessTests checks the subjects). Never for a pull
    // request: a plan of the database unit reads the database master password, so no role admits a pull request's
    // token, and a contributor's code must not run where that secret is readable.
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Dry_runs_take_no_state_lock_need_no_environment_and_run_on_pushes_to_main_only(string workflow)
    {
        var root = Load(workflow);
        foreach (var (name, job) in Jobs(workflow))
        {
            var steps = StepsOf(job);
            var dryRun = steps.FirstOrDefault(s => RunOf(s) is { } run && run.StartsWith("./build.sh", StringComparison.Ordinal) && run.Contains(" --dry-run", StringComparison.Ordinal));
            if (dryRun is null)
            {
                continue;
            }

            var planArgs = new[] { Mapping(dryRun, "env"), Mapping(job, "env"), Mapping(root, "env") }
                .Select(env => env is null ? null : Scalar(env, "TF_CLI_ARGS_plan"))
                .FirstOrDefault(value => value is not null);
            Assert.True(planArgs?.Split(' ').Contains("-lock=false") == true, $"{workflow}: job '{name}' dry-run plans take state locks (TF_CLI_ARGS_plan: {planArgs})");
            Assert.Null(Scalar(job, "environment"));

            var condition = Scalar(job, "if") ?? "";
            Assert.DoesNotContain("pull_request", condition, StringComparison.Ordinal);
            foreach (var alternative in condition.Split("||"))
            {
                Assert.True(
                    alternative.Contains("github.event_name == 'push'", StringComparison.Ordinal)
                    && alternative.Contains($"github.ref == 'refs/heads/{CiAccessTrust.PlanBranch}'", StringComparison.Ordinal),
                    $"{workflow}: job '{name}' dry run can run on something other than a push to {CiAccessTrust.PlanBranch} (if: {condition})");
            }
        }
    }

    // Review row 25: the OIDC trust accepts the environment's subject from any ref, so a manual dispatch from another
    // branch would deploy that branch. Every job in a GitHub environment runs only from the environment's branch
    // (deploy.yml environments.<env>.branch), or, for a scheduled workflow, from the default branch schedules run on.
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Environment_jobs_run_only_from_their_branch(string workflow)
    {
        var environments = (YamlMappingNode)LoadFile(Repo.PathOf("deploy.yml"))["environments"];
        var on = (YamlMappingNode)Load(workflow)["on"];
        var scheduled = on.Children.ContainsKey(new YamlScalarNode("schedule"));
        foreach (var (name, job) in Jobs(workflow))
        {
            var environment = Scalar(job, "environment");
            if (environment is null)
            {
                continue;
            }

            var branch = scheduled ? DefaultBranch : Scalar((YamlMappingNode)environments[environment], "branch");
            Assert.False(branch is null, $"deploy.yml has no branch for {environment}");
            var condition = Scalar(job, "if") ?? "";
            Assert.True(condition.Contains($"github.ref == 'refs/heads/{branch}'", StringComparison.Ordinal),
                $"{workflow}: job '{name}' in environment {environment} runs from any branch (if: {condition})");
            Assert.DoesNotContain("||", condition, StringComparison.Ordinal);

            if (Mapping(on, "push") is { } push)
            {
                var branches = ((YamlSequenceNode)push["branches"]).Children.Cast<YamlScalarNode>().Select(b => b.Value);
                Assert.Equal([branch], branches);
            }
        }
    }

    // Review row 18: GitHub keeps one running and one pending run per concurrency group and cancels the pending one when
    // another arrives, so a push to staging would silently drop a queued scale-down or destroy sharing its group. Each
    // kind of change has its own group (never cancelling a running one); the pipeline's S3 deploy lock keeps them apart,
    // and each waits for it (--lock-wait) with time left for its own work.
    [Fact]
    public void Deploys_scaling_and_destroys_have_their_own_groups_and_wait_for_the_deploy_lock()
    {
        var groups = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var workflow in WorkflowFiles())
        {
            var root = Load(workflow);
            foreach (var (name, job) in Jobs(workflow).Where(j => Scalar(j.Job, "environment") is not null))
            {
                var concurrency = Mapping(job, "concurrency") ?? Mapping(root, "concurrency");
                Assert.True(concurrency is not null, $"{workflow}: job '{name}' has no concurrency group");
                Assert.Equal("false", Scalar(concurrency!, "cancel-in-progress"));
                var group = Scalar(concurrency!, "group")!;
                Assert.True(groups.TryAdd(group, workflow), $"{workflow} shares the concurrency group '{group}' with {groups.GetValueOrDefault(group)}: one can cancel the other's pending run");

                var timeout = int.Parse(Scalar(job, "timeout-minutes")!, System.Globalization.CultureInfo.InvariantCulture);
                var pipeline = StepsOf(job).Select(RunOf).Single(r => r?.StartsWith("./build.sh", StringComparison.Ordinal) == true)!;
                var wait = LockWait().Match(pipeline);
                Assert.True(wait.Success, $"{workflow}: job '{name}' fails at once when another run holds the deploy lock (no --lock-wait): {pipeline}");
                var seconds = int.Parse(wait.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(seconds, 60, (timeout * 60) - 1800);
            }
        }

        Assert.True(groups.Count >= 4, string.Join(", ", groups.Keys));
    }

    // Review row 16: a first staging deploy takes about an hour. No workflow step asks for credentials any more: the
    // pipeline's role sessions (WebIdentityRoleCredentials) are renewed before they expire, and each asks for a duration
    // the ci-access roles allow (AssumeRoleWithWebIdentity refuses DurationSeconds above MaxSessionDuration).
    [Fact]
    public void The_pipelines_role_sessions_fit_the_roles_max_session()
    {
        var maxSessions = MaxSession().Matches(File.ReadAllText(Repo.PathOf("infra/terraform/modules/ci-access/main.tf")))
            .Select(m => m.Groups["value"].Value)
            .ToList();
        Assert.NotEmpty(maxSessions);
        Assert.All(maxSessions, value => Assert.True(int.TryParse(value, out _), $"ci-access max_session_duration must be a number literal (got {value})"));

        Assert.InRange(Deploy.Build.Aws.Sts.WebIdentityRoleCredentials.SessionSeconds, 900, maxSessions.Min(int.Parse));
    }

    // Review row 30: an expression inside run: is pasted into the script before the shell parses it (script injection).
    // Values reach a script only through env: and are used as "$NAME".
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Run_scripts_contain_no_expressions_and_quote_every_variable_they_use(string workflow)
    {
        var root = Load(workflow);
        foreach (var (name, job) in Jobs(workflow))
        {
            foreach (var step in StepsOf(job))
            {
                var run = RunOf(step);
                if (run is null)
                {
                    continue;
                }

                Assert.False(run.Contains("${{", StringComparison.Ordinal), $"{workflow}: job '{name}' has an expression inside run: {run}");
                foreach (Match use in QuotedVariable().Matches(run))
                {
                    var variable = use.Groups["name"].Value;
                    var defined = new[] { Mapping(step, "env"), Mapping(job, "env"), Mapping(root, "env") }
                        .Any(env => env is not null && Scalar(env, variable) is not null);
                    Assert.True(defined, $"{workflow}: job '{name}' uses \"${variable}\" but no env: defines it");
                }

                Assert.False(QuotedVariable().Replace(run, "").Contains('$', StringComparison.Ordinal),
                    $"{workflow}: job '{name}' uses a variable that is not written as \"$NAME\": {run}");
            }
        }
    }

    // Review row 9: the ubuntu image has no terraform/terragrunt, and Preflight requires them for every AWS target.
    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_that_runs_the_pipeline_installs_dotnet_and_the_mise_tools_first(string workflow)
    {
        var mise = Steps("deploy-staging.yml").Select(Uses).Single(u => u?.StartsWith("jdx/mise-action@", StringComparison.Ordinal) == true);
        foreach (var (name, job) in Jobs(workflow))
        {
            var steps = StepsOf(job);
            var first = steps.FindIndex(s => RunOf(s)?.StartsWith("./build.sh", StringComparison.Ordinal) == true);
            if (first < 0)
            {
                continue;
            }

            var before = steps.Take(first).Select(Uses).ToList();
            Assert.True(before.Contains(mise), $"{workflow}: job '{name}' runs ./build.sh without {mise} (the same pin as deploy-staging.yml) before it");
            Assert.True(before.Any(u => u?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true), $"{workflow}: job '{name}' runs ./build.sh without setup-dotnet");
            Assert.True(before.Any(u => u?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true), $"{workflow}: job '{name}' runs ./build.sh without checkout");
        }
    }

    /// <summary>The branch scheduled workflows run on (ci.yml's push branch).</summary>
    private static string DefaultBranch =>
        ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Load("ci.yml")["on"])["push"])["branches"]).Children.Single()).Value!;

    private static YamlMappingNode Load(string workflow) => LoadFile(Path.Combine(WorkflowDir, workflow));

    private static YamlMappingNode LoadFile(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Steps(string workflow) =>
        Jobs(workflow).SelectMany(job => StepsOf(job.Job));

    private static IEnumerable<(string Name, YamlMappingNode Job)> Jobs(string workflow) =>
        ((YamlMappingNode)Load(workflow)["jobs"]).Children
            .Select(kv => (((YamlScalarNode)kv.Key).Value!, (YamlMappingNode)kv.Value));

    private static List<YamlMappingNode> StepsOf(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().ToList();

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static YamlMappingNode? Mapping(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Uses(YamlMappingNode step) => Scalar(step, "uses");

    private static string? RunOf(YamlMappingNode step) => Scalar(step, "run")?.Trim();

    [GeneratedRegex(@"""\$(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex QuotedVariable();

    [GeneratedRegex(@"^\s*max_session_duration\s*=\s*(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex MaxSession();

    [GeneratedRegex(@"\s--lock-wait=(?<seconds>\d+)(\s|$)")]
    private static partial Regex LockWait();

    [GeneratedRegex(@"uses:\s*\S+.*")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex PinnedUse();
}
