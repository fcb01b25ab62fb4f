using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws;
using Deploy.Build.Aws.S3;
using Deploy.Build.Benchmark;
using Deploy.Build.LocalCloud;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tasks;

[TaskName("Benchmark")]
[TaskDescription("Four DeployLocal runs on a local cloud of their own (first, no-op, one-service change, front-end change), per task; and SyncStatic vs `aws s3 sync` on a generated 2,000-file site against moto. --benchmark=deploys|sync runs one.")]
public sealed class BenchmarkTask : AsyncFrostingTask<DeployContext>
{
    private const int Files = 2000;
    private const string Region = "us-east-1";

    public override async Task RunAsync(DeployContext context)
    {
        var which = context.Options.Benchmark;
        if (which is null or "deploys")
        {
            await DeploysAsync(context).ConfigureAwait(false);
        }

        if (which is null or "sync")
        {
            await SyncAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>The fast-deploys goals, measured on HEAD: the table goes to the log and, as Markdown, to the test results.</summary>
    private static async Task DeploysAsync(DeployContext context)
    {
        var work = Directory.CreateTempSubdirectory("deploy-benchmark-deploys-");
        if (!OperatingSystem.IsWindows())
        {
            // The local cloud's PostgreSQL runs as its own user (never root) and must traverse to its state folder.
            File.SetUnixFileMode(work.FullName, File.GetUnixFileMode(work.FullName) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        try
        {
            var report = await new DeployBenchmark(context.RepositoryRoot, line => context.Log.Information(Escape(line)))
                .RunAsync(work.FullName, context.Cancellation).ConfigureAwait(false);
            context.Log.Information(Escape(report.Render()));
            var markdown = Path.Combine(context.RepositoryRoot, Utilities.Paths.TestResultsDir, "deploy-benchmark.md");
            Directory.CreateDirectory(Path.GetDirectoryName(markdown)!);
            await File.WriteAllTextAsync(markdown, report.Markdown(), context.Cancellation).ConfigureAwait(false);
            context.Log.Information("the table as Markdown: {0}", markdown);
            foreach (var (target, met, detail) in report.Targets())
            {
                context.Summary.Change($"{(met ? "met" : "MISSED")}: {target} ({detail})");
            }

            if (report.Runs.Count < DeployBenchmark.Deploys.Count || report.Runs.Any(r => !r.Succeeded))
            {
                throw new CakeException("a benchmark deploy failed (its output is above)");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Escape(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    private static async Task SyncAsync(DeployContext context)
    {
        var motoServer = ProcessRunner.Locate("moto_server") ?? throw new CakeException("Benchmark needs moto_server on PATH (pip install 'moto[server]').");
        var awsCli = new AwsS3SyncTool(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools);
        var work = Directory.CreateTempSubdirectory("deploy-benchmark-");
        try
        {
            using var moto = await MotoProcess.StartAsync(motoServer).ConfigureAwait(false);
            await using var proxy = new CountingProxy(moto.Endpoint);
            context.Log.Information("moto_server on {0}, counted through {1}", moto.Endpoint, proxy.Endpoint);
            var concurrency = Configuration.StaticSiteConfig.DefaultUploadConcurrency;
            using var s3 = S3ClientFactory.Create(AwsSettings.ForLocal(Region, proxy.Endpoint), 128);

            // aws s3 sync gets the same endpoint (through the proxy) and test credentials from its environment.
            Task AwsSync(string source, string bucket) => Task.Run(() => awsCli.Sync(new AwsS3SyncSettings
            {
                Source = source,
                Destination = $"s3://{bucket}",
                EndpointUrl = proxy.Endpoint,
                EnvironmentVariables = new Dictionary<string, string>
                {
                    [EnvVars.AwsAccessKeyId] = "test",
                    [EnvVars.AwsSecretAccessKey] = "test",
                    ["AWS_DEFAULT_REGION"] = Region,
                },
            }));

            var report = await new SyncBenchmark(s3, proxy, AwsSync, line => context.Log.Information(line))
                .RunAsync(work.FullName, Files, concurrency).ConfigureAwait(false);
            var table = report.Render();
            context.Log.Information(Escape(table));
            foreach (var (target, met, detail) in report.Targets())
            {
                context.Summary.Change($"{(met ? "met" : "MISSED")}: {target} ({detail})");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
