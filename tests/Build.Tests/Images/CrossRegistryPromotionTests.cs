using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Sts;
using Deploy.Build.LocalCloud;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Ecs;
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
public sealed class CrossRegistryPromotionTests(TwoRegistries registries, EnforcingMotoServer moto)
    : IClassFixture<TwoRegistries>, IClassFixture<EnforcingMotoServer>
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
            var dryRun = await promoter.PromoteAsync(route, "rel1", "rel1", dryRun: true);
            Assert.Null(dryRun);
            Assert.Null(await target.FindDigestAsync("bm-production-api", "rel1"));

            promoted = await promoter.PromoteAsync(route, "rel1", "rel1", dryRun: false);
            var again = await promoter.PromoteAsync(route, "rel1", "rel1", dryRun: false);

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

    /// <summary>
    /// Production is its own account: its ECS service, in the local cloud's second moto account (IAM enforced), moves to
    /// the digest promoted into production's registry, as production's deploy role (assumed with the production
    /// environment's OIDC subject), and the data plane runs that digest pulled from production's registry alone, the
    /// bytes staging tested. Staging's account knows nothing of the service.
    /// </summary>
    [SkippableFact]
    public async Task The_production_service_in_the_second_account_runs_the_digest_staging_pushed()
    {
        await DockerEngine.RequireWithBaseImageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (stagingRepository, productionRepository) = ($"pr{suffix}-staging-api", $"pr{suffix}-production-api");
        var staging = $"{registries.Staging.Address}/{stagingRepository}";
        var production = $"{registries.Production.Address}/{productionRepository}";
        using var state = new TempDir();
        var config = Path.Combine(state.Path, "docker-config");
        var login = CakeFixture.Docker(new CapturingLog());
        var settings = new DockerSettings { ConfigDirectory = config };
        login.Login(registries.Staging.Address, LocalRegistry.Username, registries.Staging.Password, settings);
        login.Login(registries.Production.Address, LocalRegistry.Username, registries.Production.Password, settings);
        var project = $"pr{suffix}";
        string? digest = null;
        try
        {
            // What staging's deploy pushed: the example API, a server with /health.
            await MustAsync(Run.ProcessAsync("docker", ["build", "--network", "host", "--build-arg", $"BASE_IMAGE={DockerEngine.BaseImage}", "-t", $"{staging}:rel1",
                Repo.PathOf("examples/webapp/api")], timeout: TimeSpan.FromMinutes(5)));
            login.Push($"{staging}:rel1", settings);
            var pushed = ImagePusher.DigestFor(staging, login.RepoDigests($"{staging}:rel1", settings))!;
            await DockerEngine.RemoveImagesAsync($"{staging}:rel1");

            // Staging's deploy of the tree passed: MarkTested tags its image tested-<tree>. Production's branch then merges
            // with a merge commit (a new SHA, the same tree): its release tag is new, the tested tag is the tree's.
            var tree = new string('a', 40);
            using (var source = registries.Staging.Client())
            using (var target = registries.Production.Client())
            {
                Assert.Null(await ImagePusher.TagAsync(source, stagingRepository, pushed, ImagePlan.TestedTag(tree)));
                Assert.Null(await ImagePusher.TagAsync(source, stagingRepository, pushed, ImagePlan.TestedTag(tree))); // again: already so
                var route = new PromotionRoute(source, stagingRepository, target, productionRepository);
                var untested = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                    new ImagePromoter(new CapturingLog()).PromoteAsync(route, ImagePlan.TestedTag(new string('b', 40)), "merge1", dryRun: false));
                Assert.StartsWith($"{stagingRepository}:tested-{new string('b', 40)} is not in", untested.Message, StringComparison.Ordinal);
                digest = await new ImagePromoter(new CapturingLog()).PromoteAsync(route, ImagePlan.TestedTag(tree), "merge1", dryRun: false);
                Assert.Equal(digest, await target.FindDigestAsync(productionRepository, "merge1"));
            }

            // What Terraform made in production's account, by the names the ci-access policies grant on, and the roles
            // production's deploy job assumes there (modules/ci-access, applied as that account's owner).
            var admin = LocalCloudIdentities.Admin(moto.Settings, EcsMoto.Region, LocalCloudSettings.SecondAccountId);
            using var setup = new EcsMoto(moto.Endpoint.ToString(), admin)
            {
                Account = LocalCloudSettings.SecondAccountId,
                TaskRoles = ($"{project}-production-ecs-task-execution", $"{project}-production-ecs-task"),
            };
            var service = await setup.CreateServiceAsync($"{project}-production-cluster", $"{project}-production-api", "api", $"{production}:bootstrap");
            await LocalRoles.ApplyAsync(moto, project, environment: "production", account: LocalCloudSettings.SecondAccountId);
            var deployRole = LocalCloudIdentities.For(moto.Settings, EcsMoto.Region, project, "production", DeployRole.Deploy, suffix, LocalCloudSettings.SecondAccountId);
            using var ecs = new EcsMoto(moto.Endpoint.ToString(), deployRole) { Account = LocalCloudSettings.SecondAccountId };

            // ECS pulls with production's execution role; here the engine pulls by digest with production's login only.
            await MustAsync(Run.ProcessAsync("docker", ["--config", config, "logout", registries.Staging.Address]));
            await MustAsync(Run.ProcessAsync("docker", ["--config", config, "pull", $"{production}@{digest}"], timeout: TimeSpan.FromMinutes(2)));
            using var platform = new LocalDockerPlatform(new EcsClient(ecs.Settings), new SsmSecretResolver(admin), new DockerCli(),
                new LocalDataPlaneSettings(project, Path.Combine(state.Path, "data-plane"), TimeSpan.FromSeconds(60)), _ => { });
            var rollout = new ServiceRollout(new EcsClient(ecs.Settings), platform);
            var outcome = await rollout.ApplyAsync(await rollout.PlanAsync(service, $"{production}@{digest}"), TimeSpan.FromMinutes(2));

            Assert.True(outcome.Succeeded, outcome.Summary() + string.Join('\n', outcome.Result?.Events ?? []));
            Assert.Equal(pushed, digest);
            var live = await ecs.CurrentTaskDefinitionAsync(service);
            Assert.StartsWith($"arn:aws:ecs:{EcsMoto.Region}:{LocalCloudSettings.SecondAccountId}:task-definition/", live, StringComparison.Ordinal);
            // It ran as the deploy role, which may register revisions but not remove them.
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => ecs.DeregisterAsync(live));
            Assert.Contains("ecs:DeregisterTaskDefinition", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"{project}-production-github-deploy", refused.Message, StringComparison.Ordinal);
            var container = Assert.Single(await platform.ContainersAsync(service));
            var image = await Run.ProcessAsync("docker", ["inspect", "--format", "{{.Config.Image}}", container.Name]);
            Assert.Equal($"{production}@{pushed}", image.StdOut.Trim());
            Assert.Equal(200, await DataPlaneFixture.StatusAsync(platform.State.Find(service.Name)!.Ports[0]));
            var stagingClusters = await moto.AwsAsync(LocalCloudSettings.AccountId, "ecs", "list-clusters");
            Assert.True(stagingClusters.ExitCode == 0, stagingClusters.Output);
            Assert.DoesNotContain(project, stagingClusters.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            var left = await Run.ProcessAsync("docker", ["ps", "-aq", "--filter", $"label={LocalDataPlaneSettings.ProjectLabel}={project}"]);
            var ids = left.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0)
            {
                await Run.ProcessAsync("docker", ["rm", "-f", .. ids]);
            }

            await DockerEngine.RemoveImagesAsync($"{staging}:rel1", $"{production}@{digest}");
        }
    }

    private static async Task MustAsync(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [SkippableFact]
    public async Task A_production_identity_staging_does_not_let_pull_fails_in_one_line_naming_stagings_registry()
    {
        Requirements.Tool("docker-registry");
        using var source = new DistributionRegistry(registries.Staging.Address, new RegistryLogin(registries.Staging.Address, "production-deploy", "not-allowed-here"));
        using var target = registries.Production.Client();

        var refused = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            new ImagePromoter(new CapturingLog()).PromoteAsync(new PromotionRoute(source, "bm-staging-api", target, "bm-production-api"), "rel1", "rel1", dryRun: false));

        Assert.StartsWith($"registry {registries.Staging.Address} refused the credentials (401)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.DoesNotContain("not-allowed-here", refused.Message, StringComparison.Ordinal);
    }
}
