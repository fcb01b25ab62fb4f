using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

/// <summary>Two real registries with their own logins, standing in for staging's and production's ECR registries.</summary>
public sealed class TwoRegistries : IAsyncLifetime
{
    public LocalRegistry Staging { get; } = new();

    public LocalRegistry Production { get; } = new();

    public async Task InitializeAsync()
    {
        await Staging.InitializeAsync();
        await Production.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Staging.DisposeAsync();
        await Production.DisposeAsync();
    }
}

/// <summary>
/// Production's promotion across accounts, on two real distribution registries: staging's image is copied blob by blob
/// and manifest by manifest into production's registry (never pull/tag/push), the digest stays the one staging tested,
/// the engine can pull it from production's registry by digest, a second promotion copies nothing, and a production
/// identity that may not pull from staging's registry fails in one line naming the registry.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrossRegistryPromotionTests(TwoRegistries registries) : IClassFixture<TwoRegistries>
{
    [SkippableFact]
    public async Task Staging_image_lands_in_productions_registry_with_the_same_digest_and_pulls_from_there()
    {
        await DockerEngine.RequireWithBaseImageAsync();
        var staging = $"{registries.Staging.Address}/bm-staging-api";
        using var image = DockerEngine.Stamped($"{staging}:rel1");
        var (log, docker, settings) = (image.Log, image.Docker, image.Settings);
        docker.Login(registries.Staging.Address, LocalRegistry.Username, registries.Staging.Password, settings);
        docker.Login(registries.Production.Address, LocalRegistry.Username, registries.Production.Password, settings);
        var production = $"{registries.Production.Address}/bm-production-api";
        string? promoted = null;
        try
        {
            image.BuildImage();
            docker.Push($"{staging}:rel1", settings);
            var pushed = ImagePusher.DigestFor(staging, docker.RepoDigests($"{staging}:rel1", settings));
            await DockerEngine.RemoveImagesAsync($"{staging}:rel1");

            using var source = registries.Staging.Client();
            using var target = registries.Production.Client();
            var route = new PromotionRoute(source, "bm-staging-api", target, "bm-production-api");
            var promoter = new ImagePromoter(log);
            var dryRun = await promoter.PromoteAsync(route, "rel1", dryRun: true);
            Assert.Null(dryRun);
            Assert.Null(await target.FindDigestAsync("bm-production-api", "rel1"));

            promoted = await promoter.PromoteAsync(route, "rel1", dryRun: false);
            var again = await promoter.PromoteAsync(route, "rel1", dryRun: false);

            Assert.NotNull(pushed);
            Assert.Equal(pushed, promoted);
            Assert.Equal(pushed, again);
            var manifest = (await target.GetManifestAsync("bm-production-api", promoted!))!;
            Assert.Equal(pushed, manifest.Digest);
            foreach (var blob in manifest.References().Blobs)
            {
                Assert.True(await target.HasBlobAsync("bm-production-api", blob), blob);
            }

            // The engine pulls what the production service would run, by digest, from production's registry alone.
            var pull = await Run.ProcessAsync("docker", ["--config", settings.ConfigDirectory!, "pull", $"{production}@{promoted}"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(pull.ExitCode == 0, pull.Output);
            Assert.Contains(log.Lines, l => l.Contains($"Copied {registries.Staging.Address}/bm-staging-api@{pushed}", StringComparison.Ordinal));
            Assert.DoesNotContain(registries.Staging.Password, log.Text, StringComparison.Ordinal);
        }
        finally
        {
            await DockerEngine.RemoveImagesAsync($"{staging}:rel1", $"{production}@{promoted}");
        }
    }

    [SkippableFact]
    public async Task A_production_identity_staging_does_not_let_pull_fails_in_one_line_naming_stagings_registry()
    {
        Requirements.Tool("docker-registry");
        using var source = new DistributionRegistry(registries.Staging.Address, new RegistryLogin(registries.Staging.Address, "production-deploy", "not-allowed-here"));
        using var target = registries.Production.Client();

        var refused = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            new ImagePromoter(new CapturingLog()).PromoteAsync(new PromotionRoute(source, "bm-staging-api", target, "bm-production-api"), "rel1", dryRun: false));

        Assert.StartsWith($"registry {registries.Staging.Address} refused the credentials (401)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.DoesNotContain("not-allowed-here", refused.Message, StringComparison.Ordinal);
    }
}
