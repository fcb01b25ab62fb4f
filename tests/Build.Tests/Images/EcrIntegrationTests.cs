using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecr;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

/// <summary>The ECR client, EnsureEcr's logic and the ECR image registry against a real moto_server.</summary>
[Trait("Category", "Integration")]
public sealed class EcrIntegrationTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private const string Manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,"digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"}]}
        """;

    private EcrClient Client() => new(AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint)));

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    [SkippableFact]
    public async Task Creates_a_repository_with_scan_on_push_immutable_tags_and_the_lifecycle_policy_once()
    {
        using var ecr = Client();
        var ensurer = new RepositoryEnsurer(ecr, new NoEcrUnit(), new CapturingLog());
        var repository = new ImageRepository("api", Unique("shop-local-api"));

        var first = await ensurer.EnsureOneAsync(repository, dryRun: false);
        var second = await ensurer.EnsureOneAsync(repository, dryRun: false);

        Assert.Equal([$"created repository api ({repository.RepositoryName})"], first);
        Assert.Empty(second);
        var created = Assert.Single((await ecr.DescribeRepositoriesAsync(new() { RepositoryNames = [repository.RepositoryName] })).Repositories);
        Assert.Equal("IMMUTABLE", created.ImageTagMutability);
        Assert.True(created.ImageScanningConfiguration?.ScanOnPush);
        var policy = await ecr.GetLifecyclePolicyAsync(new() { RepositoryName = repository.RepositoryName });
        Assert.Equal(10, RepositoryPolicy.KeptImages(policy.LifecyclePolicyText));
    }

    [SkippableFact]
    public async Task Dry_run_reports_the_repository_it_would_create_and_creates_nothing()
    {
        using var ecr = Client();
        var ensurer = new RepositoryEnsurer(ecr, new NoEcrUnit(), new CapturingLog());
        var repository = new ImageRepository("web", Unique("shop-local-web"));

        var changes = await ensurer.EnsureOneAsync(repository, dryRun: true);

        Assert.Equal([$"would create repository web ({repository.RepositoryName})"], changes);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.DescribeRepositoriesAsync(new() { RepositoryNames = [repository.RepositoryName] }));
        Assert.Equal("RepositoryNotFoundException", missing.ErrorCode);
    }

    [SkippableFact]
    public async Task Refuses_a_wrong_iac_owned_repository_and_corrects_a_pipeline_owned_one()
    {
        using var ecr = Client();
        var ensurer = new RepositoryEnsurer(ecr, new NoEcrUnit(), new CapturingLog());
        var repository = new ImageRepository("api", Unique("shop-staging-api"));
        await ecr.CreateRepositoryAsync(new() { RepositoryName = repository.RepositoryName, ImageTagMutability = "MUTABLE" });

        var refused = await Assert.ThrowsAsync<RepositoryPolicyException>(() => ensurer.VerifyAsync(repository, dryRun: false));
        var corrected = await ensurer.EnsureOneAsync(repository, dryRun: false);
        var verified = await ensurer.VerifyAsync(repository, dryRun: false);

        Assert.Contains("owned by the ecr unit", refused.Message, StringComparison.Ordinal);
        Assert.Contains(RepositoryPolicy.ScanOnPushOff, refused.Message, StringComparison.Ordinal);
        Assert.Contains(RepositoryPolicy.TagsMutable, refused.Message, StringComparison.Ordinal);
        Assert.Contains(RepositoryPolicy.NoLifecyclePolicy, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("corrected repository api (", Assert.Single(corrected), StringComparison.Ordinal);
        Assert.Empty(verified);
    }

    [SkippableFact]
    public async Task Puts_finds_and_reads_back_a_manifest_by_tag_and_digest_idempotently()
    {
        using var ecr = Client();
        var registry = new EcrImageRegistry(ecr);
        var name = Unique("shop-staging-web");
        await ecr.CreateRepositoryAsync(new() { RepositoryName = name, ImageTagMutability = "IMMUTABLE" });
        var manifest = new ImageManifest(ImageManifest.DockerV2, Manifest.Trim());

        Assert.Null(await registry.FindDigestAsync(name, "abc123"));
        var digest = await registry.PutManifestAsync(name, "abc123", manifest);
        var again = await registry.PutManifestAsync(name, "abc123", manifest);
        var found = await registry.FindDigestAsync(name, "abc123");
        var byDigest = await registry.GetManifestAsync(name, digest);
        var reference = await registry.RepositoryReferenceAsync(name);

        // moto digests the manifest after re-serialising it, so its digest is not sha256 of our bytes as on AWS.
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        Assert.Equal(digest, again);
        Assert.Equal(digest, found);
        Assert.True(byDigest?.SameContent(manifest));
        Assert.Equal("abc123", await registry.FindCacheTagAsync(name));
        Assert.EndsWith($".dkr.ecr.ap-northeast-1.amazonaws.com/{name}", reference, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_already_expired_token_is_used_once_and_asked_for_again_without_looping()
    {
        using var ecr = Client();
        var registry = new EcrImageRegistry(ecr);

        var first = await registry.GetLoginAsync();
        var second = await registry.GetLoginAsync();

        Assert.NotNull(first);
        Assert.Equal("AWS", first.Username);
        Assert.EndsWith(".amazonaws.com", first.Server, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Password, first.ToString(), StringComparison.Ordinal);
        Assert.NotNull(second);
    }

    /// <summary>These tests create repositories through the API (ecrOwner: pipeline): nothing applies the ecr unit.</summary>
    private sealed class NoEcrUnit : IEcrUnitApplier
    {
        public Task ApplyAsync(DeployContext context, CancellationToken ct) => throw new InvalidOperationException("the ecr unit is not applied in these tests");
    }
}
