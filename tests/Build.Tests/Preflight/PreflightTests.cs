using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Preflight;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Git;
using Microsoft.AspNetCore.Http;

namespace Deploy.Build.Tests.Preflight;

public sealed class PreflightTests
{
    private static readonly EnvironmentConfig Local = new("local", null, IacRunner.Terraform, "infra/local", null, new Dictionary<string, string>());
    private static readonly EnvironmentConfig Staging = new("staging", "111111111111", IacRunner.Terragrunt, "infra/staging", "staging", new Dictionary<string, string>());

    [Fact]
    public void A_dirty_tree_is_refused_for_AWS_environments_only()
    {
        var dirty = new GitState("abc123def456", true, "0123456789abcdef");

        var ex = Assert.Throws<PreflightException>(() => PreflightChecks.RequireCleanTree(dirty, Staging));
        Assert.Equal("Refusing to deploy a dirty working tree to staging: commit or stash your changes first.", ex.Message);
        PreflightChecks.RequireCleanTree(dirty, Local);
        Assert.Equal("abc123def456-dirty-01234567", dirty.ReleaseVersion);
    }

    [Fact]
    public void The_wrong_account_is_refused()
    {
        var ex = Assert.Throws<PreflightException>(() => PreflightChecks.RequireAccount(Staging, "999999999999"));

        Assert.Equal("Wrong AWS account for staging: credentials are for 999999999999, deploy.yml expects 111111111111.", ex.Message);
        PreflightChecks.RequireAccount(Staging, "111111111111");
    }

    [Fact]
    public void Terragrunt_is_required_only_where_the_environment_uses_it()
    {
        var config = new DeployConfig("p", "ap-northeast-1", [], [], [], null, new Dictionary<string, EnvironmentConfig>(), 2);

        Assert.DoesNotContain(ToolRequirements.For(config, Local), t => t.Name == "terragrunt");
        Assert.Contains(ToolRequirements.For(config, Staging), t => t.Name == "terragrunt");
        Assert.DoesNotContain(ToolRequirements.For(config, Local), t => t.Name == "docker");
    }

    [Fact]
    public void Missing_tool_message_says_how_to_get_it()
    {
        Assert.Equal(
            "terragrunt is required for a deploy to staging but was not found on PATH: run mise install terragrunt (mise.toml pins 1.1.3).",
            PreflightChecks.MissingTool(ToolRequirements.Terragrunt, "staging"));
    }

    [Fact]
    public void Locate_searches_the_given_path_only()
    {
        using var dir = new TempDir();
        var tool = dir.Write("mytool", "#!/bin/sh\n");

        Assert.Equal(tool, ProcessRunner.Locate("mytool", dir.Path));
        Assert.Null(ProcessRunner.Locate("mytool", "/nonexistent"));
    }

    [Fact]
    public async Task Git_state_gives_the_short_sha_and_a_content_version_for_a_dirty_tree()
    {
        using var repo = new TempDir();
        async Task Git(params string[] args) => Assert.Equal(0, (await Run.ProcessAsync("git", args, repo.Path)).ExitCode);
        await Git("init", "-q");
        await Git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init");
        repo.Write("a.txt", "one");
        await Git("add", "a.txt");
        await Git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "a");

        var clean = await GitRevision.ReadAsync(repo.Path);
        Assert.False(clean.IsDirty);
        Assert.Equal(12, clean.ReleaseVersion.Length);

        repo.Write("a.txt", "two");
        var dirty1 = await GitRevision.ReadAsync(repo.Path);
        repo.Write("b.txt", "untracked");
        var dirty2 = await GitRevision.ReadAsync(repo.Path);

        Assert.True(dirty1.IsDirty);
        Assert.StartsWith(clean.ShortSha + "-dirty-", dirty1.ReleaseVersion, StringComparison.Ordinal);
        Assert.NotEqual(dirty1.ReleaseVersion, dirty2.ReleaseVersion);
        var status = await Run.ProcessAsync("git", ["status", "--porcelain"], repo.Path);
        Assert.Contains("?? b.txt", status.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_commit_that_changes_no_file_keeps_the_tree_staging_deployed()
    {
        using var repo = new TempDir();
        async Task Git(params string[] args) => Assert.Equal(0, (await Run.ProcessAsync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", .. args], repo.Path)).ExitCode);
        await Git("init", "-q", "-b", "production");
        repo.Write("a.txt", "one");
        await Git("add", "a.txt");
        await Git("commit", "-q", "-m", "first release");
        await Git("checkout", "-q", "-b", "staging");
        repo.Write("a.txt", "two");
        await Git("commit", "-q", "-am", "second release");
        var staging = await GitRevision.ReadAsync(repo.Path);

        // production merges staging with a merge commit: a new SHA, the same files.
        await Git("checkout", "-q", "production");
        await Git("merge", "-q", "--no-ff", "-m", "promote", "staging");
        var production = await GitRevision.ReadAsync(repo.Path);

        Assert.NotEqual(staging.Sha, production.Sha);
        Assert.Matches("^[0-9a-f]{40}$", staging.Tree!);
        Assert.Equal(staging.Tree, production.Tree);

        // A dirty tree is its content's hash, not the commit's.
        repo.Write("a.txt", "three");
        var dirty = await GitRevision.ReadAsync(repo.Path);
        Assert.Equal(dirty.DirtyTreeId, dirty.Tree);
        Assert.NotEqual(production.Tree, dirty.Tree);
    }

    [Theory]
    [InlineData("terragrunt version v0.97.0", true)]
    [InlineData("terragrunt version v1.1.3", true)]
    [InlineData("terragrunt version v0.96.1", false)]
    [InlineData("terragrunt version v0.93.4", false)]
    [InlineData("terragrunt version v2.0.0", false)]
    [InlineData("no version here", false)]
    public void Terragrunt_is_checked_against_the_supported_range(string line, bool supported)
    {
        var check = () => PreflightChecks.RequireSupportedVersion(ToolRequirements.Terragrunt, line);
        if (supported)
        {
            check();
        }
        else
        {
            var error = Assert.Throws<PreflightException>(check);
            Assert.Contains("this pipeline supports terragrunt 0.97.0 up to (not including) 2.0.0", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Terraform_older_than_1_11_is_refused()
    {
        var error = Assert.Throws<PreflightException>(() => PreflightChecks.RequireSupportedVersion(ToolRequirements.Terraform, "Terraform v1.9.8"));

        Assert.StartsWith("terraform 1.9.8 is not supported: this pipeline supports terraform 1.11.0 or newer", error.Message, StringComparison.Ordinal);
        PreflightChecks.RequireSupportedVersion(ToolRequirements.Terraform, "Terraform v1.11.4");
        PreflightChecks.RequireSupportedVersion(ToolRequirements.Git, "git version 2.39.5");
    }

    [Theory]
    [InlineData("DeployStaging", false, "true", "refs/heads/feature", false)]
    [InlineData("DeployStaging", false, "true", "refs/heads/staging", true)]
    [InlineData("DestroyStaging", false, "true", "refs/heads/main", false)]
    [InlineData("DeployStaging", true, "true", "refs/heads/main", true)]
    [InlineData("ScaleServices", false, "true", "refs/heads/main", true)]
    [InlineData("DeployStaging", false, null, "refs/heads/feature", true)]
    public void In_Actions_a_real_deploy_runs_only_from_its_environment_branch(string target, bool dryRun, string? actions, string gitRef, bool allowed)
    {
        var check = () => PreflightChecks.RequireBranch(Staging, target, dryRun, actions, gitRef);
        if (allowed)
        {
            check();
        }
        else
        {
            var error = Assert.Throws<PreflightException>(check);
            Assert.Equal($"{target} runs only from the staging branch (deploy.yml environments.staging.branch); this run is on {gitRef}.", error.Message);
        }
    }

    // In GitHub Actions no workflow step sets credentials: Preflight's account check runs as the phase's role session,
    // so a trust policy that refuses the job's token subject (or a job without id-token: write) is one line naming them.
    [Fact]
    public async Task The_account_check_runs_as_the_role_session_and_names_a_refused_subject()
    {
        await using var sts = await LoopbackHttpServer.StartAsync(async http =>
        {
            http.Response.StatusCode = 403;
            http.Response.ContentType = "text/xml";
            await http.Response.WriteAsync("""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
                <Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
                """);
        });
        var subject = GitHubOidcSubject.Branch("example-org/deploy-pipeline", "feature");
        var session = new WebIdentityRoleCredentials(DeployRoles.Arn("111111111111", "p", "staging", DeployRole.Deploy), "staging-deploy-1",
            new LocalWebIdentityTokenSource(subject), "ap-northeast-1", sts.Endpoint);
        var aws = Deploy.Build.Aws.AwsSettings.ForRoleSession("ap-northeast-1", null, session, DeployRoles.Name("p", "staging", DeployRole.Deploy));

        var error = await Assert.ThrowsAsync<PreflightException>(() => new StsCallerIdentity().GetAccountIdAsync(aws));

        Assert.StartsWith("Could not assume p-staging-github-deploy: STS AssumeRoleWithWebIdentity failed: AccessDenied: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"token subject {subject}", error.Message, StringComparison.Ordinal);
        Assert.Single(sts.Requests);
    }

    [Fact]
    public async Task A_job_token_the_endpoint_refuses_is_one_line_naming_the_role()
    {
        await using var github = await LoopbackHttpServer.StartAsync(http =>
        {
            http.Response.StatusCode = 403;
            return Task.CompletedTask;
        });
        var session = new WebIdentityRoleCredentials(DeployRoles.Arn("111111111111", "p", "staging", DeployRole.Plan), "staging-plan-1",
            new GitHubActionsTokenSource(new Uri(github.Endpoint, "token?api-version=2.0").ToString(), "request-token", "the GitHub job's OIDC token"),
            "ap-northeast-1", new Uri("http://127.0.0.1:9/"));
        var aws = Deploy.Build.Aws.AwsSettings.ForRoleSession("ap-northeast-1", null, session, DeployRoles.Name("p", "staging", DeployRole.Plan));

        var error = await Assert.ThrowsAsync<PreflightException>(() => new StsCallerIdentity().GetAccountIdAsync(aws));

        Assert.StartsWith("Could not get the credentials of p-staging-github-plan: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /token?api-version=2.0&audience=sts.amazonaws.com"], github.Requests);
    }
}
