using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// Two DeployLocal started together on one environment: the deploy lock lets one deploy while the other waits
/// (--lock-wait), and a third that will not wait is refused with the holder's name; none corrupts the others.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class ConcurrentDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    private const string Taken = "deploy lock of local taken";
    private const string Waiting = "waiting for the deploy lock held by";

    [SkippableFact]
    public async Task Two_deploys_started_together_run_one_after_the_other_and_a_third_that_will_not_wait_is_refused()
    {
        var deployment = await baseline.DeployedAsync();
        // What the shared cloud is now (other tests on it may have deployed since the baseline): two no-op deploys keep it.
        var before = (await DeploySnapshot.TakeAsync(deployment)).ToString();
        using var first = deployment.Start("DeployLocal", ["--lock-wait=900"]);
        using var second = deployment.Start("DeployLocal", ["--lock-wait=900"]);

        // Once one holds the lock, a deploy that will not wait is refused at once, naming the holder.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!first.Output.Contains(Taken, StringComparison.Ordinal) && !second.Output.Contains(Taken, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "neither deploy took the lock:\n" + first.Output + second.Output);
            await Task.Delay(200);
        }

        var refused = await deployment.RunAsync("DeployLocal");
        var one = await first.WaitAsync(TimeSpan.FromMinutes(15));
        var other = await second.WaitAsync(TimeSpan.FromMinutes(15));
        var history = await deployment.RunAsync("History", ["--environment=local"]);
        output.WriteLine(history.Output);

        Assert.True(one.ExitCode == 0, LocalDeployment.Tail(one.Output));
        Assert.True(other.ExitCode == 0, LocalDeployment.Tail(other.Output));
        Assert.Equal(1, new[] { one, other }.Count(r => r.Output.Contains(Waiting, StringComparison.Ordinal)));
        Assert.Equal(1, refused.ExitCode);
        Assert.Matches(@"(?m)^Error: Deploy of local is locked by .+ \(release .+\) since .+: wait for it, or run ./build.sh --target=Unlock --environment=local if it is stale\.$", refused.Output);
        Assert.DoesNotContain("EnsureEcr", RunSummaryText.Of(refused.Output), StringComparison.Ordinal);

        // Serialised: the waiting deploy took the lock only after the other released it, and the result is intact.
        var waiter = one.Output.Contains(Waiting, StringComparison.Ordinal) ? one.Output : other.Output;
        Assert.True(waiter.IndexOf(Waiting, StringComparison.Ordinal) < waiter.IndexOf(Taken, StringComparison.Ordinal));
        Assert.Equal(before, (await DeploySnapshot.TakeAsync(deployment)).ToString());
        Assert.False(await LockHeldAsync(deployment), "the deploy lock is still held after both deploys ended");
    }

    internal static async Task<bool> LockHeldAsync(LocalDeployment deployment)
    {
        using var s3 = deployment.DirectS3();
        try
        {
            await s3.GetObjectMetadataAsync($"{deployment.Project}-local-deploy-state", Deploy.Build.Steps.DeployLock.DeployStateStore.LockKey("local"));
            return true;
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
