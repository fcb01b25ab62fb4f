using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Docker;

/// <summary>
/// The docker CLI in the Cake addin style: one method per command, flags built by <see cref="DockerArguments"/>,
/// output streamed into the Cake log line by line with a prefix, exit codes turned into meaning here.
/// The registry password goes to `docker login --password-stdin` on standard input, never on the command line.
/// </summary>
public sealed class DockerTool(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
    : Tool<DockerSettings>(fileSystem, environment, processRunner, tools)
{
    private const int TailLines = 15;

    /// <summary>BuildKit when the client has the buildx plugin, the classic builder otherwise.</summary>
    public DockerBuilder DetectBuilder(DockerSettings settings) =>
        Execute(settings, DockerArguments.BuildxVersion(), logOutput: false).ExitCode == 0 ? DockerBuilder.Buildx : DockerBuilder.Classic;

    public void Build(string contextPath, DockerBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnsureSuccess("build", Execute(settings, DockerArguments.Build(contextPath, settings)));
    }

    public void Tag(string source, string target, DockerSettings settings) =>
        EnsureSuccess("tag", Execute(settings, DockerArguments.Tag(source, target)));

    public void Push(string reference, DockerSettings settings) =>
        EnsureSuccess("push", Execute(settings, DockerArguments.Push(reference)));

    /// <summary>`docker login --password-stdin`: the password is written to the process's standard input only.</summary>
    public void Login(string server, string username, string password, DockerSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        EnsureSuccess("login", Execute(settings, DockerArguments.Login(server, username), standardInput: password + "\n"));
    }

    /// <summary>Removes the stored credentials for a registry (a missing login is not an error).</summary>
    public void Logout(string server, DockerSettings settings) => Execute(settings, DockerArguments.Logout(server), logOutput: false);

    /// <summary>A Go template over `docker image inspect`, or null when the image is not in the engine.</summary>
    public string? Inspect(string reference, string format, DockerSettings settings)
    {
        var result = Execute(settings, DockerArguments.Inspect(reference, format), logOutput: false);
        return result.ExitCode == 0 ? result.StdOut.Trim() : null;
    }

    /// <summary>repository@sha256:... entries the engine knows for an image (set by push and pull).</summary>
    public IReadOnlyList<string> RepoDigests(string reference, DockerSettings settings) =>
        (Inspect(reference, "{{range .RepoDigests}}{{println .}}{{end}}", settings) ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected override string GetToolName() => "Docker";

    protected override IEnumerable<string> GetToolExecutableNames() => ["docker", "docker.exe"];

    protected override IDictionary<string, string> GetEnvironmentVariables(DockerSettings settings)
    {
        var variables = new Dictionary<string, string>(base.GetEnvironmentVariables(settings) ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (settings.ConfigDirectory is not null)
        {
            variables[EnvVars.DockerConfig] = settings.ConfigDirectory;
        }

        if (settings is DockerBuildSettings { Builder: DockerBuilder.Classic })
        {
            // Explicit, so the client does not print its legacy-builder deprecation notice on every build.
            variables[EnvVars.DockerBuildKit] = "0";
        }

        return variables;
    }

    private static void EnsureSuccess(string command, ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new DockerException(command, result.ExitCode, [.. result.Lines.TakeLast(TailLines)]);
        }
    }

    private ProcessResult Execute(DockerSettings settings, ProcessArgumentBuilder arguments, bool logOutput = true, string? standardInput = null)
    {
        var prefix = settings.LogPrefix is null ? string.Empty : $"[{settings.LogPrefix}] ";
        var stdout = new List<string>();
        var stderr = new List<string>();
        var lines = new List<string>();
        var gate = new Lock();

        string? Record(string? line, bool isOutput)
        {
            if (line is null)
            {
                return null;
            }

            lock (gate)
            {
                (isOutput ? stdout : stderr).Add(line);
                lines.Add(line);
            }

            if (logOutput && line.Length > 0)
            {
                log.Information("{0}{1}", prefix, line);
            }

            return line;
        }

        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = line => Record(line, isOutput: true),
            RedirectedStandardErrorHandler = line => Record(line, isOutput: false),
            StandardInput = standardInput is null ? default : (ProcessStandardInput)standardInput,
            Silent = true,
        };

        // Cake's own "Executing:" line is silenced with the output; this one is the safe rendering (secrets redacted).
        log.Verbose("{0}docker {1}", prefix, arguments.RenderSafe());
        var process = RunProcess(settings, arguments, processSettings);
        var timeout = settings.ToolTimeout;
        if (timeout is { } limit && !process.WaitForExit((int)limit.TotalMilliseconds))
        {
            process.Kill();
            throw new TimeoutException($"docker {arguments.RenderSafe()} did not finish within {limit.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var exitCode = process.GetExitCode();
        lock (gate)
        {
            return new ProcessResult(exitCode, [.. stdout], [.. stderr], [.. lines], TimeSpan.Zero);
        }
    }
}
