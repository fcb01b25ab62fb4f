using Cake.Frosting;
using Deploy.Build;
using Deploy.Build.Host.CommandLine;
using Deploy.Build.Host.Shutdown;
using Microsoft.Extensions.DependencyInjection;

return Entry.Run(args);

namespace Deploy.Build
{
    internal static class Entry
    {
        public static int Run(string[] args)
        {
            ArgumentNullException.ThrowIfNull(args);
            // Misspelt options and unknown environments stop here, before any task or tool runs.
            var problem = ArgumentCheck.Find(args);
            if (problem is not null)
            {
                Console.Error.WriteLine("Error: " + problem);
                return ExitCodes.UsageError;
            }

            // No target (or --help): the help page, without engine banners.
            if (args.Length == 0 || args.Any(a => a is "--help" or "-h"))
            {
                Console.Out.Write(Tasks.HelpText.Render());
                return ExitCodes.Success;
            }

            // SIGTERM/Ctrl-C: the run stops at the next await, releases the deploy lock, then exits 128 + signal.
            using var shutdown = new ShutdownSignal(TimeSpan.FromSeconds(20)).Listen();
            var verdict = new RunExit();
            var exitCode = new CakeHost()
                .UseContext<DeployContext>()
                .UseLifetime<DeployLifetime>()
                .UseTaskLifetime<DeployTaskLifetime>()
                .ConfigureServices(services => services.AddSingleton(shutdown).AddSingleton(verdict).AddDeployServices())
                .AddAssembly(typeof(Entry).Assembly)
                .UseWorkingDirectory(RepositoryRoot.Find())
                .Run(args);
            return shutdown.Received is not null ? shutdown.ExitCode : exitCode == ExitCodes.Success ? verdict.Code ?? exitCode : exitCode;
        }
    }
}
