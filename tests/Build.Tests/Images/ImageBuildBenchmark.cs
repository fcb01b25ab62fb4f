using System.Diagnostics;
using System.Globalization;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Images;

/// <summary>
/// Wall time of building the example app's two images one after another and in parallel, cold (--no-cache),
/// in one run. Opt-in (DEPLOY_IMAGE_BENCHMARK=1): it measures, it asserts no times.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ImageBuildBenchmark(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Two_example_images_serial_versus_parallel()
    {
        Skip.If(System.Environment.GetEnvironmentVariable("DEPLOY_IMAGE_BENCHMARK") != "1", "set DEPLOY_IMAGE_BENCHMARK=1 to measure");
        await DockerEngine.RequireWithBaseImageAsync();
        var config = DeployConfigLoader.Load(Repo.PathOf(Paths.ConfigFile), Repo.Root);
        var local = config.Environments["local"];
        var docker = CakeFixture.Docker(new CapturingLog());
        var builder = docker.DetectBuilder(new DockerSettings());
        foreach (var image in config.Images.Where(i => i.PreBuild.Count > 0))
        {
            await ConfiguredCommand.RunAsync(image.PreBuild, Repo.Root, image.Name, "preBuild", new CapturingLog(), CancellationToken.None);
        }

        var serial = await TimeAsync(config, local, docker, builder, "serial", parallel: false);
        var parallel = await TimeAsync(config, local, docker, builder, "parallel", parallel: true);

        var report = string.Create(CultureInfo.InvariantCulture,
            $"{config.Images.Count} example images, {builder} builder, --no-cache, {System.Environment.ProcessorCount} cores: "
            + $"one after another {serial.TotalSeconds:0.0} s, in parallel {parallel.TotalSeconds:0.0} s ({serial / parallel:0.00}x)");
        output.WriteLine(report);
        var file = Repo.PathOf(".deploy/benchmarks/image-builds.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.AppendAllTextAsync(file, $"{DateTime.UtcNow:u} {report}\n");
    }

    private static async Task<TimeSpan> TimeAsync(DeployConfig config, EnvironmentConfig local, DockerTool docker, DockerBuilder builder, string run, bool parallel)
    {
        var labels = ImagePlan.Labels("benchmark", null, DateTimeOffset.UtcNow);
        var builds = config.Images.Select(image =>
        {
            var target = new ImageTarget(image, $"deploy-bench-{image.Name}", $"deploy-bench-{image.Name}", run);
            var context = Path.Combine(Repo.Root, image.Context);
            var settings = ImagePlan.BuildSettings(target, local, context, labels, builder, cacheTag: null, hostNetwork: true, noCache: true);
            return (Action)(() => docker.Build(context, settings));
        }).ToList();

        var started = Stopwatch.GetTimestamp();
        if (parallel)
        {
            await Task.WhenAll(builds.Select(Task.Run));
        }
        else
        {
            builds.ForEach(b => b());
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await DockerEngine.RemoveImagesAsync([.. config.Images.Select(i => $"deploy-bench-{i.Name}:{run}")]);
        return elapsed;
    }
}
