using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.S3;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Ecs;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Faults;

/// <summary>
/// Calls that are not idempotent, whose answer is lost after moto has acted (the proxy drops the connection
/// mid-response): the retry must not act twice.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LostAnswerTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly AwsRetry.Options Fast = new(MaxAttempts: 4, BaseDelay: TimeSpan.FromMilliseconds(5));

    [SkippableFact]
    public async Task A_registration_whose_answer_is_lost_adds_one_revision_not_two()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        var service = await setup.CreateServiceAsync("lost-cluster", "lost-api", "api", "repo/api:v1");
        await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint),
            new FaultPlan(DropShare: 1, MaxFaults: 1, Eligible: r => r.Operation == "RegisterTaskDefinition"));
        using var ecs = new EcsClient(AwsSettings.ForLocal(EcsMoto.Region, proxy.Endpoint), Fast);
        var definitions = new TaskDefinitions(ecs, Fast);
        var current = await definitions.DescribeAsync(await setup.CurrentTaskDefinitionAsync(service));

        var plan = await definitions.PlanAsync(current, "api", "repo/api@sha256:1111");
        var registered = await definitions.ApplyAsync(plan);

        Assert.Equal(1, proxy.Faults);
        Assert.Equal(2, TaskDefinitionRenderer.Revision(registered));
        Assert.Equal("repo/api@sha256:1111", TaskDefinitionRenderer.ImageOf(registered, "api"));
        var latest = await definitions.DescribeAsync(TaskDefinitionRenderer.Family(current)!);
        Assert.Equal(2, TaskDefinitionRenderer.Revision(latest));
    }

    [SkippableFact]
    public async Task A_lock_write_whose_answer_is_lost_is_recognised_as_ours()
    {
        var bucket = "lost-lock-" + Guid.NewGuid().ToString("N")[..8];
        await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint),
            new FaultPlan(DropShare: 1, MaxFaults: 1, Eligible: r => r.Method == "PUT" && r.Path.Contains("/" + DeployStateStore.LockPrefix, StringComparison.Ordinal)));
        using var s3 = S3ClientFactory.Create(AwsSettings.ForLocal("ap-northeast-1", proxy.Endpoint));
        var store = new DeployStateStore(s3, bucket, "ap-northeast-1");
        await store.EnsureBucketAsync();
        var now = DateTimeOffset.UtcNow;
        var record = new LockRecord("local", "alice", "host", "v1", Guid.NewGuid().ToString("N"), now, now.AddHours(1));

        var etag = await new DeployLockService(store, TimeProvider.System).AcquireAsync(record, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), _ => { });

        Assert.Equal(1, proxy.Faults);
        Assert.NotNull(etag);
        var (holder, _) = await store.ReadLockAsync("local");
        Assert.Equal(record.RunId, holder!.RunId);
        Assert.True(await store.ReleaseAsync("local", etag));
    }
}
