using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

/// <summary>A Cake log that keeps every line it is given (the "captured log" the secret checks read).</summary>
public sealed class CapturingLog : ICakeLog
{
    private readonly List<string> _lines = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var line = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}

/// <summary>Cake's real file system, environment, process runner and tool locator, as the pipeline host wires them.</summary>
public static class CakeTools
{
    public static DockerTool Docker(ICakeLog log)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var fileSystem = new FileSystem();
        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var locator = new ToolLocator(environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        return new DockerTool(fileSystem, environment, new CakeProcessRunner(environment, log), locator, log);
    }
}
