using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

public sealed class DockerArgumentsTests
{
    private static DockerBuildSettings Settings(DockerBuilder builder)
    {
        var settings = new DockerBuildSettings { Builder = builder, File = "ctx/Dockerfile", Platform = "linux/amd64", Network = "host" };
        settings.Tags.Add("127.0.0.1:5050/shop-local-api:abc123");
        settings.BuildArgs["BASE_IMAGE"] = "deploy-example-base:local";
        settings.Labels["org.opencontainers.image.revision"] = "abc123";
        settings.CacheFrom.Add("repo/api:old");
        return settings;
    }

    [Fact]
    public void Classic_build_maps_every_setting_to_its_flag_and_takes_cache_from_an_image()
    {
        var args = DockerArguments.Build("ctx", Settings(DockerBuilder.Classic)).Render();

        Assert.Equal(
            "build --file \"ctx/Dockerfile\" --tag \"127.0.0.1:5050/shop-local-api:abc123\" --platform \"linux/amd64\" "
            + "--build-arg \"BASE_IMAGE=deploy-example-base:local\" --label \"org.opencontainers.image.revision=abc123\" "
            + "--cache-from \"repo/api:old\" --network \"host\" \"ctx\"",
            args);
    }

    [Fact]
    public void Buildx_build_loads_the_result_and_uses_registry_and_inline_cache()
    {
        var args = DockerArguments.Build("ctx", Settings(DockerBuilder.Buildx)).Render();

        Assert.StartsWith("buildx build --load ", args, StringComparison.Ordinal);
        Assert.Contains("--cache-from \"type=registry,ref=repo/api:old\"", args, StringComparison.Ordinal);
        Assert.Contains("--cache-to type=inline", args, StringComparison.Ordinal);
    }

    [Fact]
    public void No_cache_drops_every_cache_source()
    {
        var settings = Settings(DockerBuilder.Buildx);
        settings.NoCache = true;

        var args = DockerArguments.Build("ctx", settings).Render();

        Assert.Contains("--no-cache", args, StringComparison.Ordinal);
        Assert.DoesNotContain("--cache-from", args, StringComparison.Ordinal);
        Assert.DoesNotContain("--cache-to", args, StringComparison.Ordinal);
    }

    [Fact]
    public void Login_reads_the_password_from_stdin_and_never_takes_it_as_an_argument()
    {
        var args = DockerArguments.Login("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", "AWS").Render();

        Assert.Equal("login --username \"AWS\" --password-stdin \"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com\"", args);
        Assert.DoesNotContain("--password ", args, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_tag_and_inspect_quote_their_references()
    {
        Assert.Equal("push \"r/api:1\"", DockerArguments.Push("r/api:1").Render());
        Assert.Equal("tag \"a:1\" \"b:1\"", DockerArguments.Tag("a:1", "b:1").Render());
        Assert.Equal("image inspect --format \"{{.Id}}\" \"a:1\"", DockerArguments.Inspect("a:1", "{{.Id}}").Render());
    }
}
