using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Setup;

/// <summary>
/// The Setup target as a new user's machine would run it: a PATH without Docker, HOME in a temp folder,
/// TF_PROVIDER_MIRROR unset with a mirror in Terraform's implied XDG directory. Dry runs: nothing is installed.
/// </summary>
public sealed class SetupFromCleanStateTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> CleanMachine()
    {
        // Only what a fresh Debian box has of what the set-up looks for: apt-get, setsid, sudo; no docker, dockerd, registry.
        var bin = Directory.CreateDirectory(Path.Combine(_dir.Path, "bin")).FullName;
        foreach (var tool in new[] { "apt-get", "setsid", "sudo" })
        {
            if (Deploy.Build.Tools.Processes.ProcessRunner.Locate(tool) is { } real)
            {
                File.CreateSymbolicLink(Path.Combine(bin, tool), real);
            }
        }

        var mirror = Path.Combine(_dir.Path, "xdg", "terraform", "plugins");
        Directory.CreateDirectory(Path.Combine(mirror, "registry.terraform.io", "hashicorp", "aws", "5.100.0", "linux_amd64"));
        return new Dictionary<string, string?>
        {
            ["PATH"] = bin,
            ["HOME"] = Path.Combine(_dir.Path, "home"),
            ["XDG_DATA_HOME"] = Path.Combine(_dir.Path, "xdg"),
            ["TF_PROVIDER_MIRROR"] = null,
            ["DOCKER_HOST"] = "unix://" + Path.Combine(_dir.Path, "no-docker.sock"),
            ["LOCAL_CLOUD_STATE_DIR"] = Path.Combine(_dir.Path, "local-cloud"),
        };
    }

    [Fact]
    public async Task A_machine_without_docker_gets_docker_io_the_engine_started_under_its_state_folder_and_the_implied_mirror()
    {
        var result = await Run.PipelineAsync(["--target=Setup", "--dry-run"], CleanMachine());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("install docker.io (the Docker engine)", result.Output, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y", result.Output, StringComparison.Ordinal);
        Assert.Contains("start the Docker engine: ", result.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir.Path, "local-cloud", "run", "dockerd.pid") + " " + Path.Combine(_dir.Path, "local-cloud", "logs", "dockerd.log")
                        + " dockerd --storage-driver=vfs", result.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"Terraform providers from the mirror {Path.Combine(_dir.Path, "xdg", "terraform", "plugins")} (found in the usual places; TF_PROVIDER_MIRROR is unset)",
            result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "local-cloud", "run")), "a dry run starts nothing");
    }

    [Fact]
    public async Task DeployLocal_runs_the_set_up_first()
    {
        var result = await Run.PipelineAsync(["--target=DeployLocal", "--dry-run"], CleanMachine());

        var setup = result.Output.IndexOf("install docker.io (the Docker engine)", StringComparison.Ordinal);
        var refusal = result.Output.IndexOf("Error: Docker is not installed: run ./build.sh --target=Setup", StringComparison.Ordinal);

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(refusal > 0, result.Output);
        Assert.InRange(setup, 0, refusal);
    }
}

/// <summary>No mirror and no registry: one line naming TF_PROVIDER_MIRROR (the variable is unset for the test).</summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class OfflineMirrorTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ProcessEnvironment _environment = new ProcessEnvironment().Unset("TF_PROVIDER_MIRROR");

    public void Dispose()
    {
        _environment.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Offline_without_a_mirror_is_one_error_line_and_online_the_registry_is_used()
    {
        string[] places = [Path.Combine(_dir.Path, "implied"), Path.Combine(_dir.Path, "opt")];
        var root = Repo.PathOf("infra/terraform/envs/local");

        var ex = Assert.Throws<InvalidOperationException>(() => ProviderMirrors.Resolve(root, places, _ => false));
        var online = ProviderMirrors.Resolve(root, places, _ => true);

        Assert.Equal(ProviderMirrors.NoMirrorOffline(["hashicorp/aws"], places), ex.Message);
        Assert.Null(online.Path);
    }
}
