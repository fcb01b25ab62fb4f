using System.Diagnostics;
using System.Globalization;
using Deploy.Build.Host.Summary;
using Deploy.Build.Tools.Processes;
using Deploy.Build.Utilities;

namespace Deploy.Build.Benchmark;

/// <summary>
/// The four deploys the fast-deploys goals name, side by side in one run: <c>DeployLocal</c> on an empty local cloud,
/// again with nothing changed, after a commit that changes only the API's image context, and after a commit that
/// changes only the web front end's source (its stylesheet). Each runs this pipeline, as a user's command would, in a
/// clone of HEAD with a project name, ports and state folder of its own, so it never touches the caller's local cloud;
/// <c>LocalDown</c> removes it at the end. Every task's time comes from the run's own summary table.
/// </summary>
public sealed partial class DeployBenchmark(string repositoryRoot, Action<string> log)
{
    /// <summary>The goals of the fast-deploys issue, in seconds of the run's wall time.</summary>
    public static readonly IReadOnlyList<(string Name, double Goal, string Change)> Deploys =
    [
        ("first", 160, "an empty local cloud"),
        ("no-op", 3, "nothing changed"),
        ("one service", 12, "a commit changing only the API's context (examples/webapp/api)"),
        ("front end", 5, "a commit changing only the web front end's stylesheet (examples/webapp/web/src/styles.css)"),
    ];

    private static readonly TimeSpan DeployTimeout = TimeSpan.FromMinutes(20);

    public async Task<DeployBenchmarkReport> RunAsync(string work, CancellationToken ct = default)
    {
        var clone = Path.Combine(work, "repo");
        await GitAsync(work, ct, "clone", "--quiet", "--no-hardlinks", repositoryRoot, clone).ConfigureAwait(false);
        var project = "bench-" + Guid.NewGuid().ToString("N")[..6];
        var config = Path.Combine(clone, Paths.ConfigFile);
        var yaml = await File.ReadAllTextAsync(config, ct).ConfigureAwait(false);
        var renamed = ProjectLine().Replace(yaml, $"project: {project}", 1);
        await File.WriteAllTextAsync(config, renamed, ct).ConfigureAwait(false);
        await CommitAsync(clone, "benchmark: a project of its own", ct).ConfigureAwait(false);

        var environment = Environment(Path.Combine(work, "state"));
        var runs = new List<DeployRunFigures>();
        try
        {
            foreach (var (name, goal, change) in Deploys)
            {
                switch (name)
                {
                    case "one service":
                        await AppendAsync(Path.Combine(clone, "examples/webapp/api/scripts/handle"), $"# benchmark change {DateTime.UtcNow:O}\n", ct).ConfigureAwait(false);
                        await CommitAsync(clone, "benchmark: change the API", ct).ConfigureAwait(false);
                        break;
                    case "front end":
                        await AppendAsync(Path.Combine(clone, "examples/webapp/web/src/styles.css"), $"/* benchmark change {DateTime.UtcNow:O} */\n", ct).ConfigureAwait(false);
                        await CommitAsync(clone, "benchmark: change the front end", ct).ConfigureAwait(false);
                        break;
                }

                log($"deploy {runs.Count + 1} of {Deploys.Count}: {name} ({change})");
                var clock = Stopwatch.StartNew();
                var result = await PipelineAsync(clone, environment, "DeployLocal", ct).ConfigureAwait(false);
                clock.Stop();
                var figures = new DeployRunFigures(name, goal, change, clock.Elapsed, result.Succeeded, SummaryTable.Parse(result.StdOut));
                runs.Add(figures);
                log($"  {name}: {clock.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode}");
                if (!result.Succeeded)
                {
                    foreach (var line in result.Lines.TakeLast(40))
                    {
                        log("  | " + line);
                    }

                    break;
                }
            }
        }
        finally
        {
            var down = await PipelineAsync(clone, environment, "LocalDown", CancellationToken.None).ConfigureAwait(false);
            log($"LocalDown: exit {down.ExitCode}");
        }

        return new DeployBenchmarkReport(runs);
    }

    /// <summary>Ports and a state folder of the benchmark's own local cloud.</summary>
    private static Dictionary<string, string?> Environment(string state) => new(StringComparer.Ordinal)
    {
        [EnvVars.LocalCloudStateDir] = state,
        [EnvVars.LocalCloudMotoPort] = FreePort(),
        [EnvVars.LocalCloudRegistryPort] = FreePort(),
        [EnvVars.LocalCloudPostgresPort] = FreePort(),
        [EnvVars.LocalCloudEdgePort] = FreePort(),
        [EnvVars.LocalCloudAlbPort] = FreePort(),
    };

    private static string FreePort() => LocalCloud.LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);

    /// <summary>This pipeline's own build (dotnet Build.dll), run in the clone as a user's ./build.sh would run it there.</summary>
    private static Task<ProcessResult> PipelineAsync(string clone, IReadOnlyDictionary<string, string?> environment, string target, CancellationToken ct) =>
        ProcessRunner.RunAsync(
            new ProcessSpec(System.Environment.ProcessPath ?? "dotnet", typeof(DeployBenchmark).Assembly.Location, $"--target={target}")
            {
                WorkingDirectory = clone,
                Environment = environment,
                Timeout = DeployTimeout,
                KeepLastLines = 4000,
            },
            ct);

    private static async Task AppendAsync(string file, string text, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"the benchmark changes {file}, which this checkout does not have");
        }

        await File.AppendAllTextAsync(file, text, ct).ConfigureAwait(false);
    }

    private static Task CommitAsync(string clone, string message, CancellationToken ct) =>
        GitAsync(clone, ct, "-c", "user.name=benchmark", "-c", "user.email=benchmark@localhost", "commit", "--quiet", "--all", "--message", message);

    private static async Task GitAsync(string directory, CancellationToken ct, params string[] arguments) =>
        await ProcessRunner.RunCheckedAsync(new ProcessSpec("git", arguments) { WorkingDirectory = directory, Timeout = TimeSpan.FromMinutes(2) }, ct).ConfigureAwait(false);

    [System.Text.RegularExpressions.GeneratedRegex(@"^project:\s*\S+\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ProjectLine();
}
