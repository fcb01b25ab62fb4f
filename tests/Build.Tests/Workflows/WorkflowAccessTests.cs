using Deploy.Build.Aws.Sts;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Workflows;

/// <summary>
/// The pipeline assumes one ci-access role per phase with the job's OIDC token (build/Aws/Sts). These tests read every
/// workflow, work out the subjects each job's token can carry and the roles its commands assume, and hold them to the
/// roles' trust (Support/CiAccessTrust.cs, from modules/ci-access).
/// </summary>
public sealed class WorkflowAccessTests
{
    private static string WorkflowDir => Repo.PathOf(".github/workflows");

    private static IEnumerable<string> WorkflowFiles() =>
        Directory.GetFiles(WorkflowDir, "*.yml").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f));

    public static TheoryData<string> Workflows() => new(WorkflowFiles());

    private static string Repository => CiAccessTrust.RepositoryOf("staging");

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_assumes_only_roles_whose_trust_admits_what_its_token_says(string workflow)
    {
        var findings = WorkflowAccess.Findings(GitHubWorkflow.Load(Path.Combine(WorkflowDir, workflow)));

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    // What each job sends and assumes, pinned: a change to a workflow's triggers, environment or command shows up here.
    [Theory]
    [InlineData("ci.yml", "test", "", "")]
    [InlineData("ci.yml", "local-deploy", "", "")]
    [InlineData("ci.yml", "staging-dry-run", "push repo:<repo>:ref:refs/heads/main", "bookmark-manager-staging-github-plan")]
    [InlineData("deploy-staging.yml", "deploy", "push repo:<repo>:environment:staging; workflow_dispatch repo:<repo>:environment:staging",
        "bookmark-manager-staging-github-infra, bookmark-manager-staging-github-deploy")]
    [InlineData("deploy-production.yml", "deploy", "push repo:<repo>:environment:production; workflow_dispatch repo:<repo>:environment:production",
        "bookmark-manager-production-github-infra, bookmark-manager-production-github-deploy")]
    [InlineData("destroy-staging.yml", "destroy", "workflow_dispatch repo:<repo>:environment:staging",
        "bookmark-manager-staging-github-infra, bookmark-manager-staging-github-deploy")]
    [InlineData("staging-hours.yml", "scale", "workflow_dispatch repo:<repo>:environment:staging", "bookmark-manager-staging-github-deploy")]
    [InlineData("verify.yml", "verify-staging", "schedule repo:<repo>:ref:refs/heads/main; workflow_dispatch repo:<repo>:ref:refs/heads/main", "bookmark-manager-staging-github-plan")]
    [InlineData("verify.yml", "verify-production", "schedule repo:<repo>:ref:refs/heads/main; workflow_dispatch repo:<repo>:ref:refs/heads/main", "bookmark-manager-production-github-plan")]
    public void Each_job_sends_and_assumes(string workflow, string job, string sends, string assumes)
    {
        var found = GitHubWorkflow.Load(Path.Combine(WorkflowDir, workflow)).Jobs.Single(j => j.Name == job);
        var roles = WorkflowAccess.RolesOf(found);

        Assert.Equal(assumes, string.Join(", ", roles.Select(WorkflowAccess.RoleName)));
        var expected = roles.Count == 0 ? "" : sends.Replace("<repo>", Repository, StringComparison.Ordinal);
        Assert.Equal(expected, roles.Count == 0 ? "" : string.Join("; ", found.Sends(Repository).Select(s => $"{s.Event} {s.Subject}").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Every_workflow_job_is_in_the_table_above()
    {
        var jobs = WorkflowFiles()
            .SelectMany(w => GitHubWorkflow.Load(Path.Combine(WorkflowDir, w)).Jobs.Select(j => $"{w}/{j.Name}"))
            .Order(StringComparer.Ordinal);
        var pinned = typeof(WorkflowAccessTests).GetMethod(nameof(Each_job_sends_and_assumes))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => a.GetData(null!).Single()).Select(row => $"{row[0]}/{row[1]}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(pinned, jobs);
    }

    // The roles of a command, as the pipeline picks them (DeployRoles.ForInfrastructure / ForDeploy with --dry-run):
    // Preflight and the deploy lock run as the deploy role in every AWS target, so DestroyStaging needs it too.
    [Theory]
    [InlineData("./build.sh --target=DeployStaging --environment=staging --dry-run", "staging", "Plan")]
    [InlineData("./build.sh --target=DeployStaging --environment=staging --lock-wait=1200", "staging", "Infra, Deploy")]
    [InlineData("./build.sh --target=DeployProduction --environment=production", "production", "Infra, Deploy")]
    [InlineData("./build.sh --target=DeployProduction --dry-run=true", "production", "Plan")]
    [InlineData("./build.sh --target=DestroyStaging --environment=staging --lock-wait=1800", "staging", "Infra, Deploy")]
    [InlineData("./build.sh --target=DestroyStaging --environment=staging --dry-run", "staging", "Plan")]
    [InlineData("./build.sh --target=ScaleServices --environment=staging --count=\"$COUNT\" --lock-wait=2700", "staging", "Deploy")]
    [InlineData("./build.sh --target=ScaleServices --environment=staging --count=0 --dry-run", "staging", "Plan")]
    [InlineData("./build.sh --target=PlanInfra --environment=staging", "staging", "Plan, Deploy")]
    [InlineData("./build.sh --target=Verify --environment=production", "production", "Plan")]
    [InlineData("./build.sh --target=DeployLocal", "local", "")]
    [InlineData("./build.sh --target=Test", "local", "")]
    public void The_pipeline_assumes_per_command(string line, string environment, string roles)
    {
        var command = PipelineCommand.Parse(line)!;

        Assert.Equal(environment, command.Environment);
        Assert.Equal(roles, string.Join(", ", PipelineRoles.For(command, WorkflowAccess.Config).Order()));
    }

    [Fact]
    public void The_trust_admits_environment_jobs_for_deploy_and_infra_and_main_only_for_plan()
    {
        var repo = Repository;
        Assert.True(CiAccessTrust.Admits(repo, "staging", DeployRole.Deploy, GitHubOidcSubject.Environment(repo, "staging")));
        Assert.True(CiAccessTrust.Admits(repo, "staging", DeployRole.Infra, GitHubOidcSubject.Environment(repo, "staging")));
        Assert.False(CiAccessTrust.Admits(repo, "production", DeployRole.Deploy, GitHubOidcSubject.Environment(repo, "staging")));
        Assert.False(CiAccessTrust.Admits(repo, "staging", DeployRole.Deploy, GitHubOidcSubject.Branch(repo, "staging")));
        Assert.True(CiAccessTrust.Admits(repo, "staging", DeployRole.Plan, GitHubOidcSubject.Branch(repo, "main")));
        Assert.False(CiAccessTrust.Admits(repo, "staging", DeployRole.Plan, GitHubOidcSubject.Branch(repo, "staging")));
        Assert.False(CiAccessTrust.Admits(repo, "staging", DeployRole.Plan, GitHubOidcSubject.Environment(repo, "staging")));
        Assert.False(CiAccessTrust.Admits(repo, "staging", DeployRole.Plan, GitHubOidcSubject.PullRequest("someone/fork")));

        // The plan role reads the database master password (a plan of the database unit refreshes it): no role admits a
        // pull request.
        foreach (var role in new[] { DeployRole.Plan, DeployRole.Infra, DeployRole.Deploy })
        {
            Assert.False(CiAccessTrust.Admits(repo, "staging", role, GitHubOidcSubject.PullRequest(repo)), $"{role} admits pull requests");
        }

        // CiAccessTrust follows the module's default plan subjects: no environment may choose others.
        foreach (var file in Directory.GetFiles(Repo.PathOf("infra/terraform/envs"), "*.hcl", SearchOption.AllDirectories)
                     .Where(f => !f.Contains(".terragrunt-cache", StringComparison.Ordinal) && !f.Contains(".terraform", StringComparison.Ordinal)))
        {
            Assert.False(File.ReadAllText(file).Contains("plan_subjects", StringComparison.Ordinal), $"{file} sets plan_subjects: change Support/CiAccessTrust.cs with it");
        }
    }

    private const string Checkout = "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n";

    private static string Workflow(string on, string job, string run, string permissions = "permissions: {}\n", string steps = Checkout) =>
        $"name: x\non:\n{on}{permissions}jobs:\n  deploy:\n    runs-on: ubuntu-24.04\n{job}    steps:\n{steps}      - run: {run}\n";

    private const string JobPermissions = "    permissions:\n      id-token: write\n      contents: read\n";

    private static IReadOnlyList<string> FindingsOf(string yaml)
    {
        using var dir = new TempDir();
        return WorkflowAccess.Findings(GitHubWorkflow.Load(dir.Write("x.yml", yaml)));
    }

    [Fact]
    public void A_deploy_job_without_its_environment_is_reported()
    {
        const string on = "  push:\n    branches: [staging]\n";
        const string run = "./build.sh --target=DeployStaging --environment=staging --lock-wait=1200";

        var findings = FindingsOf(Workflow(on, "    if: github.ref == 'refs/heads/staging'\n" + JobPermissions, run));

        var repo = Repository;
        Assert.Equal(
            [
                $"x.yml: job 'deploy' on push sends repo:{repo}:ref:refs/heads/staging, which bookmark-manager-staging-github-infra does not admit (it admits repo:{repo}:environment:staging)",
                $"x.yml: job 'deploy' on push sends repo:{repo}:ref:refs/heads/staging, which bookmark-manager-staging-github-deploy does not admit (it admits repo:{repo}:environment:staging)",
            ],
            findings);
        Assert.Empty(FindingsOf(Workflow(on, "    if: github.ref == 'refs/heads/staging'\n    environment: staging\n" + JobPermissions, run)));
    }

    [Fact]
    public void A_dry_run_for_pull_requests_is_reported_as_admitted_by_no_role()
    {
        // Even from this repository (the fork guard): the plan role, the only one a dry run assumes, trusts main only.
        var findings = FindingsOf(Workflow("  pull_request:\n", $"    if: {WorkflowAccess.ForkGuard}\n" + JobPermissions,
            "./build.sh --target=DeployStaging --environment=staging --dry-run"));

        var repo = Repository;
        Assert.Equal(
            [
                $"x.yml: job 'deploy' on pull_request sends repo:{repo}:pull_request, which bookmark-manager-staging-github-plan does not admit (it admits repo:{repo}:ref:refs/heads/main)",
            ],
            findings);
        Assert.Empty(FindingsOf(Workflow("  push:\n    branches: [main]\n", JobPermissions, "./build.sh --target=DeployStaging --environment=staging --dry-run")));
    }

    [Theory]
    // A pull request's code with the deploy and infra roles (and without the fork guard).
    [InlineData("  pull_request:\n", "    environment: staging\n" + JobPermissions, "./build.sh --target=DeployStaging --environment=staging",
        "job 'deploy' can run on pull_request (a contributor's code) and assumes bookmark-manager-staging-github-infra")]
    // A dry run for pull requests, from forks too (which get no OIDC token).
    [InlineData("  pull_request:\n", JobPermissions, "./build.sh --target=DeployStaging --environment=staging --dry-run",
        "job 'deploy' on pull_request sends repo:<repo>:pull_request, which bookmark-manager-staging-github-plan does not admit")]
    [InlineData("  pull_request:\n", JobPermissions, "./build.sh --target=DeployStaging --environment=staging --dry-run",
        "job 'deploy' can run for a pull request from a fork, which gets no OIDC token")]
    // A dry run in the staging environment: the plan role does not admit the environment subject.
    [InlineData("  push:\n    branches: [main]\n", "    environment: staging\n" + JobPermissions, "./build.sh --target=DeployStaging --environment=staging --dry-run",
        "job 'deploy' on push sends repo:<repo>:environment:staging, which bookmark-manager-staging-github-plan does not admit")]
    // A dry run from a branch other than main.
    [InlineData("  push:\n    branches: [develop]\n", JobPermissions, "./build.sh --target=DeployStaging --environment=staging --dry-run",
        "job 'deploy' on push sends repo:<repo>:ref:refs/heads/develop, which bookmark-manager-staging-github-plan does not admit")]
    // A manual dispatch without environment from any branch.
    [InlineData("  workflow_dispatch:\n", JobPermissions, "./build.sh --target=ScaleServices --environment=staging --count=1",
        "job 'deploy' on workflow_dispatch sends repo:<repo>:ref:refs/heads/*, which bookmark-manager-staging-github-deploy does not admit")]
    // The production environment's token used for staging's roles.
    [InlineData("  workflow_dispatch:\n", "    environment: production\n" + JobPermissions, "./build.sh --target=ScaleServices --environment=staging --count=1",
        "job 'deploy' on workflow_dispatch sends repo:<repo>:environment:production, which bookmark-manager-staging-github-deploy does not admit")]
    // No id-token: the pipeline could not get a token.
    [InlineData("  workflow_dispatch:\n", "    environment: staging\n    permissions:\n      contents: read\n", "./build.sh --target=ScaleServices --environment=staging --count=1",
        "job 'deploy' assumes bookmark-manager-staging-github-deploy: it needs exactly permissions: id-token: write, contents: read at job level (got {contents: read})")]
    // id-token for a job that calls no AWS.
    [InlineData("  pull_request:\n", JobPermissions, "./build.sh --target=Test", "job 'deploy' calls no AWS but gets id-token: write")]
    public void A_job_breaking_a_rule_is_reported(string on, string job, string run, string expected)
    {
        var findings = FindingsOf(Workflow(on, job, run));

        Assert.Contains(findings, f => f.StartsWith("x.yml: " + expected.Replace("<repo>", Repository, StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void An_environment_from_an_expression_is_reported_as_a_subject_no_role_admits()
    {
        var findings = FindingsOf(Workflow("  workflow_dispatch:\n", "    environment: ${{ inputs.where }}\n" + JobPermissions,
            "./build.sh --target=DeployStaging --environment=staging"));

        Assert.Contains(findings, f => f.Contains("sends <environment from an expression: ${{ inputs.where }}>, which bookmark-manager-staging-github-deploy does not admit", StringComparison.Ordinal));
    }

    [Fact]
    public void A_credentials_step_a_role_variable_and_workflow_wide_id_token_are_reported()
    {
        const string steps = Checkout + "      - uses: aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1\n" +
                             "        with:\n          role-to-assume: ${{ vars.DEPLOY_ROLE_ARN }}\n          aws-region: ap-northeast-1\n";
        var findings = FindingsOf(Workflow("  workflow_dispatch:\n", "    environment: staging\n" + JobPermissions,
            "./build.sh --target=ScaleServices --environment=staging --count=1", permissions: "permissions:\n  id-token: write\n  contents: read\n", steps: steps));

        Assert.Equal(
            [
                "x.yml: workflow-level permissions must be {} or contents: read (got {id-token: write, contents: read})",
                "x.yml: reads vars.DEPLOY_ROLE_ARN: the pipeline finds its roles by name from deploy.yml's accountId",
                "x.yml: job 'deploy' uses aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df: the pipeline assumes its roles itself (a second identity in AWS_* variables would be used by nothing, or by the wrong phase)",
            ],
            findings);
    }
}
