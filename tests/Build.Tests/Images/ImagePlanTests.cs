using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

public sealed class ImagePlanTests
{
    private static readonly ImageConfig Api = new("api", "app/api", "Dockerfile", "linux/amd64",
        new Dictionary<string, string> { ["BASE_IMAGE"] = "postgres:16-alpine", ["NODE_ENV"] = "production" }, []);

    private static readonly EnvironmentConfig Local = new("local", null, IacRunner.Terraform, "infra/local", null,
        new Dictionary<string, string> { ["BASE_IMAGE"] = "deploy-example-base:local" });

    [Theory]
    [InlineData("sha", "exists", false, BuildAction.SkipExists)]
    [InlineData("sha", "exists", true, BuildAction.SkipExists)]
    [InlineData(null, null, true, BuildAction.SkipBuiltLocally)]
    [InlineData(null, null, false, BuildAction.Build)]
    public void Skips_an_image_whose_tag_exists_in_the_registry_or_the_engine(string? digest, string? unused, bool local, BuildAction expected)
    {
        _ = unused;
        Assert.Equal(expected, ImagePlan.Decide(digest, local));
    }

    [Theory]
    [InlineData("0123456789ab")]
    [InlineData("0123456789ab-dirty-89abcdef")]
    public void Tags_are_the_release_version(string version) => Assert.Equal(version, ImagePlan.Tag(version));

    [Theory]
    [InlineData("-abc")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void Refuses_a_release_version_that_is_not_a_docker_tag(string version) =>
        Assert.Throws<ArgumentException>(() => ImagePlan.Tag(version));

    [Fact]
    public void Labels_carry_revision_source_and_creation_time_in_utc()
    {
        var labels = ImagePlan.Labels("0123456789ab", "git@github.com:acme/shop.git", new DateTimeOffset(2026, 11, 23, 21, 4, 5, TimeSpan.FromHours(9)));

        Assert.Equal("0123456789ab", labels[ImagePlan.LabelRevision]);
        Assert.Equal("https://github.com/acme/shop", labels[ImagePlan.LabelSource]);
        Assert.Equal("2026-11-23T12:04:05Z", labels[ImagePlan.LabelCreated]);
    }

    [Theory]
    [InlineData("https://x-access-token:ghs_SECRET123@github.com/acme/shop.git", "https://github.com/acme/shop")]
    [InlineData("https://github.com/acme/shop", "https://github.com/acme/shop")]
    [InlineData("ssh://git@github.com/acme/shop.git", "ssh://github.com/acme/shop")]
    [InlineData("git@github.com:acme/shop.git", "https://github.com/acme/shop")]
    [InlineData("/srv/git/shop", null)]
    [InlineData("", null)]
    public void Source_label_never_carries_credentials(string remote, string? expected)
    {
        var source = ImagePlan.SourceUrl(remote);

        Assert.Equal(expected, source);
        Assert.DoesNotContain("SECRET", source ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_build_args_win_over_the_image_ones()
    {
        var args = ImagePlan.BuildArgs(Api, Local);

        Assert.Equal("deploy-example-base:local", args["BASE_IMAGE"]);
        Assert.Equal("production", args["NODE_ENV"]);
    }

    [Fact]
    public void Build_settings_tag_with_the_release_use_host_network_locally_and_cache_from_the_previous_image()
    {
        var target = new ImageTarget(Api, "shop-local-api", "127.0.0.1:5050/shop-local-api", "0123456789ab");
        var labels = ImagePlan.Labels("0123456789ab", null, DateTimeOffset.UnixEpoch);

        var settings = ImagePlan.BuildSettings(target, Local, "/repo/app/api", labels, DockerBuilder.Classic, "fedcba987654", hostNetwork: true, noCache: false);

        Assert.Equal(["127.0.0.1:5050/shop-local-api:0123456789ab"], settings.Tags);
        Assert.Equal("host", settings.Network);
        Assert.Equal("linux/amd64", settings.Platform);
        Assert.Equal(Path.Combine("/repo/app/api", "Dockerfile"), settings.File);
        Assert.Equal(["127.0.0.1:5050/shop-local-api:fedcba987654"], settings.CacheFrom);
        Assert.Equal("api", settings.LogPrefix);
        Assert.False(settings.Labels.ContainsKey(ImagePlan.LabelSource));
    }

    [Fact]
    public void Summary_lines_say_what_happened_to_each_image()
    {
        var target = new ImageTarget(Api, "shop-local-api", "r/shop-local-api", "abc");

        Assert.Equal("built api (12.3 s)", new BuildOutcome(target, BuildAction.Build, TimeSpan.FromSeconds(12.34)).Summary(dryRun: false));
        Assert.Equal("would build r/shop-local-api:abc", new BuildOutcome(target, BuildAction.Build, TimeSpan.Zero).Summary(dryRun: true));
        Assert.Equal("skipped api, exists", new BuildOutcome(target, BuildAction.SkipExists, TimeSpan.Zero).Summary(dryRun: false));
        Assert.Equal("pushed api@sha256:1", new PushOutcome(target, true, "sha256:1").Summary(dryRun: false));
        Assert.Equal("would push r/shop-local-api:abc", new PushOutcome(target, true, null).Summary(dryRun: true));
    }

    [Fact]
    public void Finds_the_pushed_digest_of_this_repository_among_the_engine_repo_digests()
    {
        string[] digests = ["other/api@sha256:aaa", "127.0.0.1:5050/shop-local-api@sha256:bbb"];

        Assert.Equal("sha256:bbb", ImagePusher.DigestFor("127.0.0.1:5050/shop-local-api", digests));
        Assert.Null(ImagePusher.DigestFor("127.0.0.1:5050/shop-local-web", digests));
    }
}
