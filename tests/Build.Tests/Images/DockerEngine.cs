using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

/// <summary>The running Docker engine and the local base image the test images build FROM (no pulls here).</summary>
public static class DockerEngine
{
    public const string BaseImage = "deploy-example-base:local";

    public static async Task RequireWithBaseImageAsync()
    {
        Requirements.Tool("docker");
        var info = await Run.ProcessAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Skip.If(info.ExitCode != 0 && !Requirements.InCi, "the Docker engine is not running");
        Assert.True(info.ExitCode == 0, "the Docker engine is not running: " + info.Output);
        var baseImage = await Run.ProcessAsync("bash", [Repo.PathOf("examples/webapp/base-image/build-local-base.sh"), BaseImage], timeout: TimeSpan.FromMinutes(5));
        Assert.True(baseImage.ExitCode == 0, baseImage.Output);
    }

    public static async Task RemoveImagesAsync(params string[] references)
    {
        foreach (var reference in references)
        {
            await Run.ProcessAsync("docker", ["image", "rm", "--force", reference]);
        }
    }
}
