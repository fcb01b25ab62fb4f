using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Steps.Preflight;

/// <summary>Reads a tool's version line (the program itself is found by <see cref="ProcessRunner.Locate"/>).</summary>
public static class ToolProbe
{
    /// <summary>The first line the tool prints for its version, or null when it fails.</summary>
    public static async Task<string?> VersionAsync(string executable, string versionArgs, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(versionArgs);
        var spec = new ProcessSpec(executable, versionArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // The pipeline's own CLI config may point at a mirror that does not exist yet.
            Environment = new Dictionary<string, string?> { [EnvVars.TerraformCliConfigFile] = string.Empty },
            Timeout = timeout,
        };
        try
        {
            var result = await ProcessRunner.RunAsync(spec).ConfigureAwait(false);
            return result.Succeeded ? result.StdOutLines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
