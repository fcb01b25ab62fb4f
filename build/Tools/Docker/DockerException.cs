namespace Deploy.Build.Tools.Docker;

/// <summary>
/// A docker command failed. The first line says which command and why (its last non-empty output line), so the
/// one-line error a run ends with is enough; the lines before it follow for context. Secrets are redacted by the log.
/// </summary>
public sealed class DockerException(string command, int exitCode, IReadOnlyList<string> lastLines)
    : Exception(Describe(command, exitCode, lastLines))
{
    public string Command { get; } = command;

    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> LastLines { get; } = lastLines;

    private static string Describe(string command, int exitCode, IReadOnlyList<string> lastLines)
    {
        var reason = lastLines.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        var head = $"docker {command} failed (exit {exitCode})" + (reason is null ? "." : $": {reason}");
        return lastLines.Count <= 1 ? head : head + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", lastLines);
    }
}
