using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Docker;

/// <summary>
/// A docker command failed. The first line says which command and why (docker's own error line), so the one-line
/// error a run ends with is enough; the last output lines follow for context. Secrets are redacted by the log.
/// </summary>
public sealed class DockerException : Exception
{
    public DockerException(string command, int exitCode, IReadOnlyList<string> lastLines)
        : base(Describe(command, exitCode, lastLines))
    {
        Command = command;
        ExitCode = exitCode;
        LastLines = lastLines;
    }

    /// <summary>A failed call of the local data plane's <see cref="DockerCli"/>: docker's first error line.</summary>
    public DockerException(string command, ProcessResult result)
        : base($"docker {command} failed: {FirstErrorLine(result)}")
    {
        ArgumentNullException.ThrowIfNull(result);
        Command = command;
        ExitCode = result.ExitCode;
        LastLines = result.Lines;
    }

    /// <summary>A docker failure the caller describes itself (the data plane's "could not start" lines).</summary>
    public DockerException(string message)
        : base(message)
    {
        Command = string.Empty;
        LastLines = [];
    }

    public string Command { get; }

    public int ExitCode { get; }

    public IReadOnlyList<string> LastLines { get; }

    /// <summary>Docker's own first line of complaint: the first standard error line, else the first output line.</summary>
    public static string FirstErrorLine(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.StdErrLines.Count > 0 ? result.StdErrLines : result.StdOutLines)
            .Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit {result.ExitCode}";
    }

    private static string Describe(string command, int exitCode, IReadOnlyList<string> lastLines)
    {
        var reason = lastLines.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        var head = $"docker {command} failed (exit {exitCode})" + (reason is null ? "." : $": {reason}");
        return lastLines.Count <= 1 ? head : head + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", lastLines);
    }
}
