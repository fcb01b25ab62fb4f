namespace Deploy.Build.Tools.Docker;

/// <summary>A docker command failed; the message carries the command (secrets redacted) and the last lines it printed.</summary>
public sealed class DockerException(string command, int exitCode, IReadOnlyList<string> lastLines)
    : Exception($"docker {command} failed (exit {exitCode})" + (lastLines.Count == 0 ? "." : ":" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", lastLines)))
{
    public string Command { get; } = command;

    public int ExitCode { get; } = exitCode;

    public IReadOnlyList<string> LastLines { get; } = lastLines;
}
