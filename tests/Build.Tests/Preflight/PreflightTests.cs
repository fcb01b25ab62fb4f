using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Preflight;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Git;

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
            "terragrunt is required for a deploy to staging but was not found on PATH: install Terragrunt (mise install terragrunt, see mise.toml).",
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
}
