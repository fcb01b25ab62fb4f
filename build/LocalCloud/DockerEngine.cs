using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud;

/// <summary>The Docker engine the local deploy builds and runs images with: must already be running.</summary>
/// <param name="locate">Finds programs on PATH.</param>
/// <param name="environment">Extra environment for the docker client (e.g. DOCKER_HOST).</param>
public sealed class DockerEngine(Func<string, string?> locate, IReadOnlyDictionary<string, string>? environment = null)
{
    public const string BaseImageScript = "examples/webapp/base-image/build-local-base.sh";

    /// <summary>
    /// How the set-up starts dockerd on a Linux box without systemd: vfs storage, no bridge or iptables (containers use
    /// --network host on loopback), the usual socket.
    /// </summary>
    public static readonly IReadOnlyList<string> DaemonArguments =
        ["--storage-driver=vfs", "--iptables=false", "--bridge=none", "--host=unix:///var/run/docker.sock"];

    public const string HowToStart =
        "run ./build.sh --target=Setup (it starts the engine as root, or prints the one sudo command that does), "
        + "or 'sudo systemctl start docker', or open Docker Desktop";

    /// <summary>Null when the engine answers; otherwise a one-line message saying how to start it.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        if (locate("docker") is not { } docker)
        {
            return "Docker is not installed: " + HowToStart + " (Setup installs docker.io).";
        }

        var info = await ProcessRunner.RunAsync(docker, ["info", "--format", "{{.ServerVersion}}"], environment, timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        return info.Succeeded ? null : "Docker is not running: " + HowToStart + ".";
    }

    /// <summary>Builds the example app's local base image when the script exists (the script skips an existing image).</summary>
    public async Task<string?> EnsureExampleBaseImageAsync(string repositoryRoot, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(repositoryRoot, BaseImageScript);
        if (!File.Exists(script))
        {
            return null;
        }

        var scriptEnvironment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["DOCKER"] = locate("docker") ?? "docker",
        };
        var result = await ProcessRunner.RunAsync("bash", [script], scriptEnvironment, timeout: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LocalCloudException($"{BaseImageScript} failed (exit {result.ExitCode}): {result.Tail(3)}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }
}
