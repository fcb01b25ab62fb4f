using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

/// <summary>The Docker wrapper against the real engine and a real registry with htpasswd auth; then promotion by digest.</summary>
[Trait("Category", "Integration")]
public sealed class DockerToolTests(LocalRegistry registry) : IClassFixture<LocalRegistry>
{
    [SkippableFact]
    public async Task Logs_in_with_the_password_on_stdin_builds_pushes_and_promotes_by_digest()
    {
        await DockerEngine.RequireWithBaseImageAsync();
        var staging = $"{registry.Address}/promo-staging-api";
        using var image = DockerEngine.Stamped($"{staging}:rel1");
        var (log, docker, settings) = (image.Log, image.Docker, image.Settings);

        await using var watch = ProcessListWatch.Start(registry.Password);
        var refused = Assert.Throws<DockerException>(() => docker.Login(registry.Address, LocalRegistry.Username, registry.Password + "-wrong", settings));
        docker.Login(registry.Address, LocalRegistry.Username, registry.Password, settings);
        try
        {
            image.BuildImage();
            docker.Push($"{staging}:rel1", settings);
            var pushed = ImagePusher.DigestFor(staging, docker.RepoDigests($"{staging}:rel1", settings));

            using var client = registry.Client();
            var promoter = new ImagePromoter(log);
            var route = new PromotionRoute(client, "promo-staging-api", client, "promo-production-api");
            var promoted = await promoter.PromoteAsync(route, "rel1", "rel1", dryRun: false);
            var again = await promoter.PromoteAsync(route, "rel1", "rel1", dryRun: false);
            var manifest = await client.GetManifestAsync("promo-production-api", promoted!);

            Assert.NotNull(pushed);
            Assert.Equal(pushed, await client.FindDigestAsync("promo-staging-api", "rel1"));
            Assert.Equal(pushed, promoted);
            Assert.Equal(pushed, again);
            Assert.Equal(pushed, manifest?.Digest);
            Assert.Contains(log.Lines, l => l.StartsWith("[api] ", StringComparison.Ordinal));
            Assert.Contains("login", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(registry.Password, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(registry.Password, log.Text, StringComparison.Ordinal);
            Assert.Empty(watch.Found);
        }
        finally
        {
            await DockerEngine.RemoveImagesAsync($"{staging}:rel1");
        }
    }

    [SkippableFact]
    public async Task Promotion_refuses_a_release_staging_never_had()
    {
        Requirements.Tool("docker-registry");
        using var client = registry.Client();
        var promoter = new ImagePromoter(new CapturingLog());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            promoter.PromoteAsync(new PromotionRoute(client, "never-staging-api", client, "never-production-api"), "rel9", "rel9", dryRun: false));

        Assert.Contains("deploy this source to staging first", refused.Message, StringComparison.Ordinal);
    }
}
