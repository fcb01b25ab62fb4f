using Deploy.Build.Tools.Docker;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>LocalDown's share of the data plane: every container this project runs locally, and its endpoint record.</summary>
public static class LocalDataPlaneCleanup
{
    /// <returns>The names of the containers removed (or that would be, in dry-run).</returns>
    public static async Task<IReadOnlyList<string>> RemoveAsync(string project, string stateDirectory, bool dryRun, CancellationToken ct = default)
    {
        var docker = new DockerCli();
        ProcessResult listed;
        try
        {
            listed = await docker.RunAsync(["ps", "-a", "--filter", $"label={LocalDataPlaneSettings.ProjectLabel}={project}", "--format", "{{.Names}}"], ct).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return []; // no docker client: nothing of ours can be running
        }

        if (listed.ExitCode != 0)
        {
            return []; // no Docker engine: nothing of ours can be running
        }

        var names = listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (!dryRun)
        {
            if (names.Count > 0)
            {
                await docker.RemoveAsync(names, ct).ConfigureAwait(false);
            }

            File.Delete(new LocalServiceState(stateDirectory).FilePath);
        }

        return names;
    }
}
