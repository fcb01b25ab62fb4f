using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>A Cake log that keeps what it was told, so tests can read what a wrapper printed.</summary>
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
                return _lines.ToList();
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

/// <summary>Cake's real file system, environment, process runner and tool locator, as the host builds them.</summary>
public static class CakeTooling
{
    public static TerraformRunner Terraform(ICakeLog log)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var fileSystem = new FileSystem();
        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var locator = new ToolLocator(environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        return new TerraformRunner(fileSystem, environment, new CakeProcessRunner(environment, log), locator, log);
    }
}
