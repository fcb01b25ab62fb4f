using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Tools.DotNet;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tasks;

[TaskName("Test")]
[TaskDescription("Run the project's own tests: unit, infrastructure checks and local-cloud integration.")]
public sealed class TestTask : FrostingTask<DeployContext>
{
    private static readonly string[] NodeToolFolders = ["infra/terraform/tools", "tools"];

    public override void Run(DeployContext context)
    {
        var results = context.InRepository(Paths.TestResultsDir);
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        InstallNodeTools(context);

        var settings = new DotNetTestSettings
        {
            // Release keeps the test build apart from the Debug build this pipeline runs from.
            Configuration = "Release",
            ResultsDirectory = results,
            Loggers = ["trx", "console;verbosity=normal"],
            Filter = context.Options.TestFilter,
        };

        Exception? failure = null;
        try
        {
            context.DotNetTest(context.InRepository(Paths.TestProject), settings);
        }
        catch (CakeException ex)
        {
            failure = ex;
        }

        var counts = TrxCounts.Read(Directory.Exists(results) ? Directory.GetFiles(results, "*.trx", SearchOption.AllDirectories) : []);
        foreach (var name in counts.FailedTests)
        {
            context.Log.Error("FAILED {0}", name);
        }

        context.Summary.Change(counts.ToString());
        context.Log.Information(counts.ToString());
        if (failure is not null || counts.Failed > 0)
        {
            throw new CakeException($"Tests failed: {counts}.");
        }
    }

    // The HCL and workflow checkers are npm packages; install them once, from the lockfile.
    private static void InstallNodeTools(DeployContext context)
    {
        foreach (var dir in NodeToolFolders.Select(context.InRepository))
        {
            if (File.Exists(Path.Combine(dir, "package-lock.json")) && !Directory.Exists(Path.Combine(dir, "node_modules")))
            {
                context.Log.Information("npm ci in {0}", Path.GetRelativePath(context.RepositoryRoot, dir));
                var exit = ProcessRunner.Run(new ProcessSpec("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                {
                    WorkingDirectory = dir,
                    OnOutput = line => context.Log.Information(line),
                    OnError = line => context.Log.Information(line),
                }).ExitCode;
                if (exit != 0)
                {
                    throw new CakeException($"npm ci failed in {dir} (exit {exit}).");
                }
            }
        }
    }
}
