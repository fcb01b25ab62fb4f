using System.Reflection;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>
/// Builds and runs a Frosting-style pipeline on Cake.Core's engine: the same fluent
/// surface as Cake.Frosting's CakeHost.
/// </summary>
public sealed class CakeHost
{
    // The exit codes Cake.Frosting's host returns: 0 success, 1 a failed task, 2 a usage error.
    private const int Success = 0;
    private const int Failure = 1;
    private const int UsageError = 2;

    private readonly List<Assembly> _assemblies = [];
    private readonly List<Action<IServiceCollection>> _configure = [];
    private Type _contextType = typeof(FrostingContext);
    private Type? _lifetimeType;
    private Type? _taskLifetimeType;
    private string? _workingDirectory;

    public CakeHost UseContext<TContext>()
        where TContext : class, IFrostingContext
    {
        _contextType = typeof(TContext);
        return this;
    }

    public CakeHost UseLifetime<TLifetime>()
        where TLifetime : class, IFrostingSetup, IFrostingTeardown
    {
        _lifetimeType = typeof(TLifetime);
        return this;
    }

    public CakeHost UseTaskLifetime<TLifetime>()
        where TLifetime : class, IFrostingTaskSetup, IFrostingTaskTeardown
    {
        _taskLifetimeType = typeof(TLifetime);
        return this;
    }

    public CakeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        _configure.Add(configure);
        return this;
    }

    public CakeHost AddAssembly(Assembly assembly)
    {
        _assemblies.Add(assembly);
        return this;
    }

    public CakeHost UseWorkingDirectory(string path)
    {
        _workingDirectory = path;
        return this;
    }

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public int Run(IEnumerable<string> args) => RunAsync(args).GetAwaiter().GetResult();

    public async Task<int> RunAsync(IEnumerable<string> args)
    {
        var console = new CakeConsole(new CakeEnvironment(new CakePlatform(), new CakeRuntime()));
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args.ToList());
        }
        catch (CommandLineException ex)
        {
            console.WriteErrorLine("Error: " + ex.Message);
            return UsageError;
        }

        ICakeLog log = new CakeBuildLog(console, options.Verbosity);
        var assemblies = _assemblies.Count > 0 ? _assemblies : [Assembly.GetEntryAssembly()!];
        var tasks = TaskCatalog.Discover(assemblies.Distinct());

        if (options.Version)
        {
            console.WriteLine(VersionText());
            return Success;
        }

        if (options.Info)
        {
            console.WriteLine(VersionText());
            console.WriteLine($"Runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            console.WriteLine($"OS: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            console.WriteLine($"Tasks: {tasks.Count}");
            return Success;
        }

        var modes = new[] { options.DryRun, options.Tree, options.Description }.Count(m => m);
        if (modes > 1)
        {
            console.WriteErrorLine("Error: --dryrun, --tree and --description cannot be combined.");
            return UsageError;
        }

        if (!options.Tree && !options.Description
            && !tasks.Any(t => t.Name.Equals(options.Target, StringComparison.OrdinalIgnoreCase)))
        {
            console.WriteErrorLine($"Error: {UnknownTargetMessage(options.Target)}");
            return UsageError;
        }

        using var provider = BuildServices(options, log, console, tasks);
        // The pipeline may decorate the log (as with Cake.Frosting's ConfigureServices); use the final one everywhere.
        log = provider.GetRequiredService<ICakeLog>();
        try
        {
            var engine = provider.GetRequiredService<ICakeEngine>();
            var context = (ICakeContext)provider.GetRequiredService(_contextType);
            TaskRegistrar.Register(engine, context, provider, tasks);
            RegisterLifetimes(engine, context, provider);

            var host = CreateScriptHost(options, provider, engine, context, console, log);
            if (options.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            // Cake throws for a failure nobody handled; OnError and ContinueOnError mean handled.
            await host.RunTargetAsync(options.Target).ConfigureAwait(false);
            return Success;
        }
        catch (Exception ex)
        {
            ReportError(ex, log, options.Verbosity);
            return Failure;
        }
    }

    private static string VersionText()
    {
        var cake = typeof(ICakeContext).Assembly.GetName().Version;
        var pipeline = Assembly.GetEntryAssembly()?
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        return $"Pipeline {pipeline.Split('+')[0]} on Cake {cake?.ToString(3)}";
    }

    private static void ReportError(Exception ex, ICakeLog log, Verbosity verbosity)
    {
        var root = ex;
        while (root is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException && root.InnerException is not null)
        {
            root = root.InnerException!;
        }

        if (verbosity >= Verbosity.Diagnostic)
        {
            log.Error(root.ToString().Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }
        else
        {
            log.Error("Error: {0}", root.Message);
        }
    }

    public static string UnknownTargetMessage(string target) =>
        $"Unknown target '{target}'. Run with --description to list targets.";

    private ServiceProvider BuildServices(HostOptions options, ICakeLog log, IConsole console, IReadOnlyList<TaskInfo> tasks)
    {
        var services = new ServiceCollection();
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        if (_workingDirectory is not null)
        {
            environment.WorkingDirectory = new DirectoryPath(_workingDirectory).MakeAbsolute(environment);
        }

        var fileSystem = new FileSystem();
        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var repository = new ToolRepository(environment);
        var strategy = new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log);
        var locator = new ToolLocator(environment, repository, strategy);
        var data = new CakeDataService();

        services.AddSingleton(options);
        services.AddSingleton(console);
        services.AddSingleton(log);
        services.AddSingleton<ICakeEnvironment>(environment);
        services.AddSingleton<IFileSystem>(fileSystem);
        services.AddSingleton<ICakeConfiguration>(configuration);
        services.AddSingleton<IGlobber>(globber);
        services.AddSingleton<IToolLocator>(locator);
        services.AddSingleton<ICakeDataService>(data);
        services.AddSingleton<IRegistry, WindowsRegistry>();
        services.AddSingleton<IProcessRunner>(sp => new ProcessRunner(fileSystem, environment, sp.GetRequiredService<ICakeLog>(), locator, configuration));
        services.AddSingleton<IToolInstaller>(new ToolInstaller(environment, locator, configuration, log, []));
        services.AddSingleton<ICakeArguments>(new CakeArguments(
            options.Arguments.ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase)));
        services.AddSingleton<ICakeEngine>(sp => new CakeEngine(data, sp.GetRequiredService<ICakeLog>()));
        services.AddSingleton<ICakeContext>(sp => new CakeContext(
            sp.GetRequiredService<IFileSystem>(),
            sp.GetRequiredService<ICakeEnvironment>(),
            sp.GetRequiredService<IGlobber>(),
            sp.GetRequiredService<ICakeLog>(),
            sp.GetRequiredService<ICakeArguments>(),
            sp.GetRequiredService<IProcessRunner>(),
            sp.GetRequiredService<IRegistry>(),
            sp.GetRequiredService<IToolLocator>(),
            data,
            sp.GetRequiredService<ICakeConfiguration>(),
            sp.GetRequiredService<IToolInstaller>(),
            sp));
        services.AddSingleton(_contextType);
        if (_contextType != typeof(IFrostingContext))
        {
            services.AddSingleton(typeof(IFrostingContext), sp => sp.GetRequiredService(_contextType));
        }

        foreach (var task in tasks)
        {
            services.AddTransient(task.Type);
        }

        if (_lifetimeType is not null)
        {
            services.AddSingleton(_lifetimeType);
        }

        if (_taskLifetimeType is not null)
        {
            services.AddSingleton(_taskLifetimeType);
        }

        foreach (var configure in _configure)
        {
            configure(services);
        }

        return services.BuildServiceProvider();
    }

    private void RegisterLifetimes(ICakeEngine engine, ICakeContext context, IServiceProvider provider)
    {
        if (_lifetimeType is not null)
        {
            var lifetime = provider.GetRequiredService(_lifetimeType);
            engine.RegisterSetupAction(info => ((IFrostingSetup)lifetime).Setup(context, info));
            engine.RegisterTeardownAction(info => ((IFrostingTeardown)lifetime).Teardown(context, info));
        }

        if (_taskLifetimeType is not null)
        {
            var lifetime = provider.GetRequiredService(_taskLifetimeType);
            engine.RegisterTaskSetupAction(info => ((IFrostingTaskSetup)lifetime).Setup(context, info));
            engine.RegisterTaskTeardownAction(info => ((IFrostingTaskTeardown)lifetime).Teardown(context, info));
        }
    }

    private static ScriptHost CreateScriptHost(
        HostOptions options, IServiceProvider provider, ICakeEngine engine, ICakeContext context, IConsole console, ICakeLog log)
    {
        if (options.Tree)
        {
            return new Cake.Cli.TreeScriptHost(engine, context, console);
        }

        if (options.Description)
        {
            return new Cake.Cli.DescriptionScriptHost(
                engine, context, Spectre.Console.AnsiConsole.Console);
        }

        if (options.DryRun)
        {
            return new Cake.Cli.DryRunScriptHost(engine, context, log);
        }

        var printer = new CakeReportPrinter(console, context);
        var strategy = new DefaultExecutionStrategy(log, printer);
        return new Cake.Cli.BuildScriptHost(
            engine, strategy, context, printer, provider.GetRequiredService<ICakeConfiguration>(), log);
    }
}
