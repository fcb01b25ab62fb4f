using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tools.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Tests.Ecs;

/// <summary>A real Cake context (as the host builds it) for calling a task's RunAsync directly, with its log captured.</summary>
public static class TaskContext
{
    private static readonly ServiceProvider Services = new ServiceCollection().BuildServiceProvider();

    public static DeployContext Create(string workingDirectory, IReadOnlyDictionary<string, string> arguments, CapturedLog log)
    {
        // Cake's WorkingDirectory setter also changes the process's current directory: restore it, or the test
        // process is left in a temp folder that is deleted later and every Process.Start after that fails.
        var processDirectory = Directory.GetCurrentDirectory();
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime()) { WorkingDirectory = new DirectoryPath(workingDirectory) };
        var fileSystem = new FileSystem();
        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var locator = new ToolLocator(environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        var context = new CakeContext(fileSystem, environment, globber, log,
            new CakeArguments(arguments.ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase)),
            new CakeProcessRunner(environment, log), new WindowsRegistry(), locator, new CakeDataService(), configuration,
            new ToolInstaller(environment, locator, configuration, log, []), Services);
        var deployContext = new DeployContext(context, new Deploy.Build.Host.Secrets.SecretRegistry(gitHubActions: false, TextWriter.Null));

        // The context has captured its folders; put the process back where it was.
        Directory.SetCurrentDirectory(processDirectory);
        return deployContext;
    }
}

/// <summary>Cake log lines, kept for assertions.</summary>
public sealed class CapturedLog : ICakeLog
{
    private readonly List<string> _lines = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

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

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        lock (_lines)
        {
            _lines.Add(args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args));
        }
    }
}

/// <summary>Opens sessions against the test's own moto and data plane (the production factory reads the ports from the environment).</summary>
public sealed class TestSessionFactory(EcsMoto moto, string project, string stateDirectory) : IEcsSessionFactory
{
    public EcsSession Open(DeployContext context, Action<string> log) =>
        new(new EcsClient(moto.Settings), context.IsLocal
            ? new LocalDockerPlatform(new EcsClient(moto.Settings), new SsmSecretResolver(moto.Settings), new DockerCli(),
                new LocalDataPlaneSettings(project, stateDirectory, TimeSpan.FromSeconds(10)), log)
            : new AwsEcsPlatform(new EcsClient(moto.Settings), new LogsClient(moto.Settings), log));
}
