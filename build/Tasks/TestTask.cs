using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Testing;

namespace Deploy.Build.Tasks;

[TaskName("Test")]
[TaskDescription("Run the project's own tests: unit, infrastructure checks and local-cloud integration.")]
public sealed class TestTask : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var results = context.InRepository(Paths.TestResultsDir);
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        var settings = new DotNetTestSettings
        {
            // Release keeps the test build apart from the Debug build this pipeline runs from.
            Configuration = "Release",
            ResultsDirectory = results,
            Loggers = ["trx", "console;verbosity=normal"],
            Filter = context.Arguments.HasArgument(Arguments.TestFilter)
                ? context.Arguments.GetArgument(Arguments.TestFilter)
                : null,
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
}
