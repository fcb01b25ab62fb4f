using System.Globalization;
using Deploy.Build.Aws;
using Deploy.Build.Aws.S3;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Tasks;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.DeployLock;

/// <summary>The deploy lock and audit log on a real S3 (moto enforces conditional writes, as AWS does).</summary>
[Trait("Category", "Integration")]
public sealed class DeployLockTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private async Task<DeployStateStore> StoreAsync()
    {
        var store = new DeployStateStore(S3ClientFactory.Create(AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint))), "lock-" + Guid.NewGuid().ToString("N")[..8], "ap-northeast-1");
        await store.EnsureBucketAsync();
        return store;
    }

    private static LockRecord Record(string owner, TimeSpan ttl) =>
        new("staging", owner, "host-" + owner, "rel-" + owner, "run-" + owner, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + ttl);

    [SkippableFact]
    public async Task Of_many_racing_deploys_exactly_one_gets_the_lock()
    {
        var store = await StoreAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryAcquireAsync(Record($"r{i}", TimeSpan.FromHours(1)))));

        var winner = Assert.Single(attempts, a => a.Acquired);
        Assert.All(attempts.Where(a => !a.Acquired), a => Assert.Equal(winner.Holder!.Owner, a.Holder!.Owner));
    }

    [SkippableFact]
    public async Task A_held_lock_fails_the_second_deploy_naming_the_holder()
    {
        var store = await StoreAsync();
        await store.TryAcquireAsync(Record("alice", TimeSpan.FromHours(1)));

        var ex = await Assert.ThrowsAsync<DeployLockedException>(() =>
            new DeployLockService(store, TimeProvider.System).AcquireAsync(Record("bob", TimeSpan.FromHours(1)), TimeSpan.Zero, TimeSpan.FromMilliseconds(50), _ => { }));

        Assert.StartsWith("Deploy of staging is locked by alice on host-alice (release rel-alice) since ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("run ./build.sh --target=Unlock --environment=staging if it is stale.", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_waiting_deploy_gets_the_lock_when_it_is_released()
    {
        var store = await StoreAsync();
        var first = await store.TryAcquireAsync(Record("alice", TimeSpan.FromHours(1)));
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var waiting = new DeployLockService(store, TimeProvider.System)
            .AcquireAsync(Record("bob", TimeSpan.FromHours(1)), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), messages.Enqueue);
        // Release only once bob has been told to wait: the order is the point, not the timing.
        for (var i = 0; i < 600 && messages.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.False(waiting.IsCompleted);
        Assert.StartsWith("waiting for the deploy lock held by alice", messages.First(), StringComparison.Ordinal);
        Assert.True(await store.ReleaseAsync("staging", first.ETag));

        Assert.NotNull(await waiting);
        Assert.Equal("bob", (await store.ReadLockAsync("staging")).Holder!.Owner);
    }

    [SkippableFact]
    public async Task An_expired_lock_is_taken_over()
    {
        var store = await StoreAsync();
        await store.TryAcquireAsync(Record("crashed", TimeSpan.FromSeconds(-1)));
        var messages = new List<string>();

        await new DeployLockService(store, TimeProvider.System).AcquireAsync(Record("bob", TimeSpan.FromHours(1)), TimeSpan.Zero, TimeSpan.FromMilliseconds(50), messages.Add);

        Assert.Equal("bob", (await store.ReadLockAsync("staging")).Holder!.Owner);
        Assert.Contains(messages, m => m.StartsWith("taking over the expired lock of crashed", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Releasing_with_a_stale_etag_never_removes_a_newer_holder()
    {
        var store = await StoreAsync();
        var old = await store.TryAcquireAsync(Record("alice", TimeSpan.FromHours(1)));
        Assert.True(await store.ReleaseAsync("staging", old.ETag));
        await store.TryAcquireAsync(Record("bob", TimeSpan.FromHours(1)));

        Assert.False(await store.ReleaseAsync("staging", old.ETag));
        Assert.Equal("bob", (await store.ReadLockAsync("staging")).Holder!.Owner);
    }

    [SkippableFact]
    public async Task Audit_records_append_and_history_lists_newest_first()
    {
        var store = await StoreAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAuditAsync(new AuditRecord("staging", "DeployStaging", "alice", "h", $"rel{i}", $"run{i}", start.AddMinutes(i), 12.5, "ok", false,
                new Dictionary<string, string> { ["api"] = "sha256:" + i.ToString(CultureInfo.InvariantCulture) }, ["PushImages: pushed api"]));
        }

        var history = await store.HistoryAsync("staging", 2);

        Assert.Equal(["rel2", "rel1"], history.Select(h => h.Release));
        Assert.Equal("sha256:2", history[0].Digests["api"]);
        Assert.Contains("rel2", HistoryTable.Render(history), StringComparison.Ordinal);
    }
}

/// <summary>The lock through the pipeline as users run it: taken, released at the end, audited; refused while held.</summary>
[Trait("Category", "Integration")]
public sealed class DeployLockPipelineTests(EnforcingMotoServer moto) : IClassFixture<EnforcingMotoServer>
{
    private Dictionary<string, string?> Env() => new()
    {
        [EnvVars.LocalCloudStateDir] = moto.Settings.StateDirectory,
        [EnvVars.LocalCloudMotoPort] = moto.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
    };

    [SkippableFact]
    public async Task A_run_takes_and_releases_the_lock_and_History_shows_it_and_a_held_lock_refuses()
    {
        Requirements.Tool("docker");
        Requirements.Tool("terraform");
        using var fixture = new ConfigFixture();
        var config = fixture.WriteConfig(ConfigFixture.ValidYaml);
        await LocalRoles.ApplyAsync(moto, "shop");

        var run = await Run.PipelineAsync(["--target=DeployLock", $"--config={config}"], Env());
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("deploy lock of local taken", run.StdOut, StringComparison.Ordinal);

        var history = await Run.PipelineAsync(["--target=History", $"--config={config}"], Env());
        Assert.True(history.ExitCode == 0, history.Output);
        Assert.Contains("DeployLock", history.StdOut, StringComparison.Ordinal);
        Assert.Contains(" ok ", history.StdOut, StringComparison.Ordinal);

        var store = new DeployStateStore(S3ClientFactory.Create(Deploy.Build.LocalCloud.LocalCloudIdentities.Admin(moto.Settings, "ap-northeast-1")), "shop-local-deploy-state", "ap-northeast-1");
        Assert.Null((await store.ReadLockAsync("local")).Holder);
        await store.TryAcquireAsync(new LockRecord("local", "alice", "laptop", "abc", "r1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));

        var refused = await Run.PipelineAsync(["--target=DeployLock", $"--config={config}"], Env());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Error: Deploy of local is locked by alice on laptop (release abc)", refused.Output, StringComparison.Ordinal);

        var unlock = await Run.PipelineAsync(["--target=Unlock", $"--config={config}"], Env());
        Assert.True(unlock.ExitCode == 0, unlock.Output);
        Assert.Null((await store.ReadLockAsync("local")).Holder);
    }
}
