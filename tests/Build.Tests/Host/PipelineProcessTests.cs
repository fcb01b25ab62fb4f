using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Host;

/// <summary>The pipeline as a user runs it: a real process, its output and its exit code.</summary>
public sealed class PipelineProcessTests
{
    [Fact]
    public async Task No_target_prints_targets_and_options()
    {
        var result = await Run.PipelineAsync([]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Targets:", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Preflight", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--environment", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--dry-run", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tree_shows_the_task_graph()
    {
        var result = await Run.PipelineAsync(["--tree"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Preflight", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target=Deploi", "Error: Unknown target 'Deploi'.")]
    [InlineData("--environment=qa", "Error: Unknown environment 'qa': use one of local, staging, production.")]
    [InlineData("--dryrun-now", "Error: Unknown option '--dryrun-now'.")]
    public async Task Usage_errors_are_one_line_and_exit_2(string arg, string expected)
    {
        var result = await Run.PipelineAsync([arg]);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_file_is_a_one_line_error_naming_file_line_and_key()
    {
        using var fixture = new ConfigFixture();
        var config = fixture.WriteConfig(ConfigFixture.ValidYaml.Replace("region: ap-northeast-1", "region: ap-northeast-1\nregoin: x", StringComparison.Ordinal));

        var result = await Run.PipelineAsync(["--target=Preflight", $"--config={config}"], workingDirectory: Repo.Root);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n'), l => l.Contains("Error:", StringComparison.Ordinal));
        Assert.Contains("deploy.yml:3:1: regoin: unknown key; did you mean 'region'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tool_is_a_one_line_error_with_how_to_get_it()
    {
        using var fixture = new ConfigFixture();
        var config = fixture.WriteConfig(ConfigFixture.ValidYaml);
        using var bin = new TempDir();
        // A PATH with git and dotnet only: docker and terraform are missing.
        foreach (var tool in new[] { "git", "dotnet" })
        {
            var real = Deploy.Build.Tools.Processes.ProcessRunner.Locate(tool)!;
            File.CreateSymbolicLink(Path.Combine(bin.Path, tool), real);
        }

        var result = await Run.PipelineAsync(
            ["--target=Preflight", $"--config={config}"],
            new Dictionary<string, string?> { ["PATH"] = bin.Path });

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n'), l => l.Contains("Error:", StringComparison.Ordinal));
        Assert.Contains("docker is required for a deploy to local but was not found on PATH: run ./build.sh --target=Setup", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_run_summary_is_appended_to_the_GitHub_step_summary()
    {
        using var dir = new TempDir();
        var summary = Path.Combine(dir.Path, "summary.md");
        using var fixture = new ConfigFixture();
        var config = fixture.WriteConfig(ConfigFixture.ValidYaml);

        var result = await Run.PipelineAsync(
            ["--target=Preflight", $"--config={config}"],
            new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary });

        Assert.True(File.Exists(summary), result.Output);
        var markdown = await File.ReadAllTextAsync(summary);
        Assert.Contains("| Task | Outcome | Duration | Changes |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Preflight |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("terragrunt version v0.93.4", "terragrunt 0.93.4 is not supported: this pipeline supports terragrunt 0.97.0 up to (not including) 2.0.0")]
    [InlineData("terragrunt version v2.0.1", "terragrunt 2.0.1 is not supported")]
    public async Task A_terragrunt_outside_the_supported_range_is_refused_in_one_line_before_AWS(string versionLine, string expected)
    {
        using var fixture = new ConfigFixture();
        var config = fixture.WriteConfig(ConfigFixture.ValidYaml);
        using var bin = new TempDir();
        foreach (var tool in new[] { "git", "dotnet" })
        {
            File.CreateSymbolicLink(Path.Combine(bin.Path, tool), Deploy.Build.Tools.Processes.ProcessRunner.Locate(tool)!);
        }

        // Stand-ins that only answer their version question: nothing past Preflight's tool check may run.
        foreach (var (tool, line) in new[] { ("docker", "28.2.2"), ("terraform", "Terraform v1.11.4"), ("terragrunt", versionLine) })
        {
            var script = bin.Write(tool, $"#!/bin/sh\necho '{line}'\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
        }

        var result = await Run.PipelineAsync(
            ["--target=Preflight", "--environment=staging", $"--config={config}"],
            new Dictionary<string, string?>
            {
                ["PATH"] = bin.Path,
                ["AWS_ACCESS_KEY_ID"] = null,
                ["AWS_SECRET_ACCESS_KEY"] = null,
                ["AWS_PROFILE"] = null,
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            });

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Output.Split('\n'), l => l.Contains("Error:", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Release version", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS account", result.Output, StringComparison.Ordinal);
    }
}
