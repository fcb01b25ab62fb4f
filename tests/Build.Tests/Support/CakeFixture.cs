using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Docker;
using Deploy.Build.Tools.Terraform;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Tests.Support;

/// <summary>A Cake log that keeps every line it is given, for assertions (what a wrapper printed, that no secret was).</summary>
public sealed class CapturingLog : ICakeLog
{
    private readonly List<string> _lines = [];

    /// <summary>Diagnostic unless told: Cake's log extensions drop lines above the log's verbosity before writing.</summary>
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

/// <summary>
/// Cake's real file system, environment, tool locator and the pipeline's own process runner, wired as the host
/// wires them (Host/Frosting/CakeHost.cs): for tools called directly and for a task's RunAsync called directly.
/// </summary>
public static class CakeFixture
{
    private static readonly ServiceProvider Services = new ServiceCollection().BuildServiceProvider();

    public static DockerTool Docker(ICakeLog log)
    {
        var (fileSystem, environment, locator, _) = Parts(log, workingDirectory: null);
        return new DockerTool(fileSystem, environment, new CakeProcessRunner(environment, log), locator, log);
    }

    public static TerraformRunner Terraform(ICakeLog log)
    {
        var (fileSystem, environment, locator, _) = Parts(log, workingDirectory: null);
        return new TerraformRunner(fileSystem, environment, new CakeProcessRunner(environment, log), locator, log);
    }

    /// <summary>A real Cake context in <paramref name="workingDirectory"/> with these arguments, wrapped as the pipeline's context.</summary>
    public static DeployContext Context(string workingDirectory, IReadOnlyDictionary<string, string> arguments, ICakeLog log)
    {
        // Cake's WorkingDirectory setter also changes the process's current directory: restore it, or the test
        // process is left in a temp folder that is deleted later and every child started after that fails.
        var processDirectory = Directory.GetCurrentDirectory();
        var (fileSystem, environment, locator, configuration) = Parts(log, workingDirectory);
        var globber = new Globber(fileSystem, environment);
        var context = new CakeContext(fileSystem, environment, globber, log,
            new CakeArguments(arguments.ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase)),
            new CakeProcessRunner(environment, log), new WindowsRegistry(), locator, new CakeDataService(), configuration,
            new ToolInstaller(environment, locator, configuration, log, []), Services);
        var deployContext = new DeployContext(context, new Deploy.Build.Host.Secrets.SecretRegistry(gitHubActions: false, TextWriter.Null));

        // The context has captured its folders; put the process back where it was.
        Directory.SetCurrentDirectory(processDirectory);
        return deployContext;
    }

    private static (FileSystem FileSystem, CakeEnvironment Environment, ToolLocator Locator, CakeConfiguration Configuration) Parts(ICakeLog log, string? workingDirectory)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        if (workingDirectory is not null)
        {
            environment.WorkingDirectory = new DirectoryPath(workingDirectory);
        }

        var fileSystem = new FileSystem();
        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var locator = new ToolLocator(environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        return (fileSystem, environment, locator, configuration);
    }
}
