using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;

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

    /// <summary>
    /// A one-file image FROM the local base image, whose content is new each time (a random stamp), ready to build as
    /// <paramref name="reference"/>: its folder, the log the Docker wrapper writes to, the wrapper and its settings.
    /// </summary>
    public static StampedImage Stamped(string reference)
    {
        var dir = new TempDir();
        dir.Write("Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY stamp.txt /srv/\n");
        dir.Write("stamp.txt", Guid.NewGuid().ToString("N"));
        var log = new CapturingLog();
        var docker = CakeFixture.Docker(log);
        var settings = new DockerSettings { ConfigDirectory = Path.Combine(dir.Path, "docker-config") };
        var build = new DockerBuildSettings { Builder = docker.DetectBuilder(settings), ConfigDirectory = settings.ConfigDirectory, Network = "host", LogPrefix = "api" };
        build.Tags.Add(reference);
        build.BuildArgs["BASE_IMAGE"] = BaseImage;
        return new StampedImage(dir, log, docker, settings, build);
    }
}

/// <summary>See <see cref="DockerEngine.Stamped"/>; disposing deletes the folder.</summary>
public sealed record StampedImage(TempDir Dir, CapturingLog Log, DockerTool Docker, DockerSettings Settings, DockerBuildSettings Build) : IDisposable
{
    public void BuildImage() => Docker.Build(Dir.Path, Build);

    public void Dispose() => Dir.Dispose();
}
