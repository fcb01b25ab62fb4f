using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// A deploy stopped with SIGTERM mid-way (during the rollout, then during the S3 sync) exits 143 after releasing the
/// deploy lock and recording the stop; the next run, without Unlock, completes the deploy to the same result as an
/// uninterrupted one.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class InterruptedDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_deploy_killed_during_the_rollout_and_then_during_the_sync_is_completed_by_the_next_run()
    {
        await baseline.DeployedAsync();
        await using var deployment = await LocalDeployment.Create("rlk").WithProxiesAsync(FaultPlan.None);

        // 1. SIGTERM when the first service is moved to its new revision (the local data plane then replaces containers).
        var rollout = await RunUntilAsync(deployment, "DeployServices", r => r.Operation == "UpdateService");
        output.WriteLine($"stopped during the rollout: exit {rollout.ExitCode}");
        AssertStoppedCleanly(rollout);
        Assert.False(await ConcurrentDeployTests.LockHeldAsync(deployment), "the lock survived SIGTERM");

        // 2. SIGTERM when the first static file reaches S3; uploads are slowed so the sync is still running.
        var bucketPut = $"/{deployment.Bucket}/";
        deployment.SetFaults(FaultPlan.None with { Latency = TimeSpan.FromSeconds(2), Slow = r => r.Method == "PUT" && r.Path.StartsWith(bucketPut, StringComparison.Ordinal) });
        var sync = await RunUntilAsync(deployment, "SyncStatic", r => r.Method == "PUT" && r.Path.StartsWith(bucketPut, StringComparison.Ordinal));
        output.WriteLine($"stopped during the sync: exit {sync.ExitCode}");
        AssertStoppedCleanly(sync);
        Assert.Contains("SyncStatic", sync.Output, StringComparison.Ordinal);
        var pages = await deployment.AwsAsync("s3api", "list-objects-v2", "--bucket", deployment.Bucket, "--prefix", "index.html");
        Assert.False(pages.ValueKind == System.Text.Json.JsonValueKind.Object && pages.TryGetProperty("Contents", out _), "index.html was uploaded before the assets finished");

        // 3. The next run completes it.
        deployment.SetFaults(FaultPlan.None);
        var next = await deployment.RunAsync("DeployLocal");
        Assert.True(next.ExitCode == 0, LocalDeployment.Tail(next.Output));
        var snapshot = await DeploySnapshot.TakeAsync(deployment);
        Assert.Equal(baseline.Snapshot.ToString(), snapshot.ToString());
        var history = await deployment.RunAsync("History", ["--environment=local"]);
        output.WriteLine(history.Output);
        Assert.Equal(2, CountOf(history.Output, "stopped by SIGTERM"));
    }

    /// <summary>
    /// Starts DeployLocal and sends SIGTERM as soon as the proxy sees a request matching <paramref name="when"/> while
    /// <paramref name="task"/> runs (Terraform may make the same call earlier).
    /// </summary>
    private static async Task<ProcessResult> RunUntilAsync(LocalDeployment deployment, string task, Func<ProxiedRequest, bool> when)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RunningProcess? running = null;
        void Watch(ProxiedRequest request)
        {
            if (when(request) && running?.Output.Contains($"{Environment.NewLine}{task}{Environment.NewLine}", StringComparison.Ordinal) == true)
            {
                seen.TrySetResult();
            }
        }

        deployment.AwsProxy!.OnRequest = Watch;
        try
        {
            using var run = deployment.Start("DeployLocal");
            running = run;
            var finished = run.WaitAsync(TimeSpan.FromMinutes(15));
            Assert.True(await Task.WhenAny(seen.Task, finished) == seen.Task, "the deploy ended before the moment to stop it:\n" + LocalDeployment.Tail(run.Output));
            run.Signal("TERM");
            return await finished;
        }
        finally
        {
            deployment.AwsProxy.OnRequest = null;
        }
    }

    private static void AssertStoppedCleanly(ProcessResult run)
    {
        Assert.True(run.ExitCode == 143, $"exit {run.ExitCode}:\n" + LocalDeployment.Tail(run.Output));
        Assert.Contains("Received SIGTERM", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy lock not released", run.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
