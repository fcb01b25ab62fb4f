using System.Text.RegularExpressions;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecr;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

/// <summary>
/// EnsureEcr, BuildImages and PushImages run as a user runs them (the pipeline process), against real moto,
/// a real registry with htpasswd auth and the real Docker engine.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ImagePipelineTests(EnforcingMotoServer moto, LocalRegistry registry) : IClassFixture<EnforcingMotoServer>, IClassFixture<LocalRegistry>
{
    [SkippableFact]
    public async Task Creates_builds_and_pushes_by_digest_then_skips_on_the_second_run_without_leaking_the_password()
    {
        await DockerEngine.RequireWithBaseImageAsync();
        using var dir = new TempDir();
        var project = Project();
        var config = WriteApp(dir, project);
        await LocalRoles.ApplyAsync(moto, project);

        ProcessResult first, second;
        await using (var watch = ProcessListWatch.Start(registry.Password))
        {
            first = await Run.PipelineAsync(["--target=PushImages", $"--config={config}"], Environment());
            second = await Run.PipelineAsync(["--target=PushImages", $"--config={config}"], Environment());
            Assert.Empty(watch.Found);
            Assert.True(watch.Scans > 0);
        }

        var references = Regex.Matches(first.Output, $@"127\.0\.0\.1:{registry.Port}/{project}-local-[ab]:[0-9a-z-]+").Select(m => m.Value).Distinct().ToArray();
        try
        {
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains($"created repository a ({project}-local-a)", first.Output, StringComparison.Ordinal);
            Assert.Contains("built a (", first.Output, StringComparison.Ordinal);
            Assert.Contains("built b (", first.Output, StringComparison.Ordinal);
            Assert.Contains("[a] preBuild: sh -c", first.Output, StringComparison.Ordinal);
            var digest = PushedDigest().Match(first.Output);
            Assert.True(digest.Success, first.Output);

            // The push is verified by pulling the manifest back from the registry by digest.
            using var client = registry.Client();
            var manifest = await client.GetManifestAsync($"{project}-local-a", digest.Groups[1].Value);
            Assert.NotNull(manifest);
            Assert.Equal(digest.Groups[1].Value, manifest.Digest);

            var labels = await Run.ProcessAsync("docker", ["image", "inspect", "--format", "{{json .Config.Labels}}", references.First(r => r.Contains("-local-a:", StringComparison.Ordinal))]);
            Assert.Contains("\"org.opencontainers.image.revision\"", labels.StdOut, StringComparison.Ordinal);
            Assert.Contains("\"org.opencontainers.image.created\"", labels.StdOut, StringComparison.Ordinal);

            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("skipped a, exists", second.Output, StringComparison.Ordinal);
            Assert.Contains("skipped b, exists", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("built a (", second.Output, StringComparison.Ordinal);
            Assert.Contains($"a@{digest.Groups[1].Value} exists", second.Output, StringComparison.Ordinal);

            Assert.DoesNotContain(registry.Address, await File.ReadAllTextAsync(Repo.PathOf(".deploy/docker/config.json")), StringComparison.Ordinal);
            Assert.DoesNotContain(registry.Password, first.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(registry.Password, second.Output, StringComparison.Ordinal);
        }
        finally
        {
            await DockerEngine.RemoveImagesAsync(references);
        }
    }

    [SkippableFact]
    public async Task Dry_run_says_what_it_would_create_build_and_push_and_changes_nothing()
    {
        await DockerEngine.RequireWithBaseImageAsync();
        using var dir = new TempDir();
        var project = Project();
        var config = WriteApp(dir, project);
        await LocalRoles.ApplyAsync(moto, project);

        var result = await Run.PipelineAsync(["--target=PushImages", "--dry-run", $"--config={config}"], Environment());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"would create repository a ({project}-local-a)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"would build 127.0.0.1:{registry.Port}/{project}-local-b:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"would push 127.0.0.1:{registry.Port}/{project}-local-a:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("preBuild", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "a", "generated.txt")));
        using var ecr = new EcrClient(Deploy.Build.LocalCloud.LocalCloudIdentities.Admin(moto.Settings, "ap-northeast-1"));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.DescribeRepositoriesAsync(new() { RepositoryNames = [$"{project}-local-a"] }));
        Assert.Equal("RepositoryNotFoundException", missing.ErrorCode);
        var images = await Run.ProcessAsync("docker", ["image", "ls", "--quiet", $"127.0.0.1:{registry.Port}/{project}-local-a"]);
        Assert.Equal(string.Empty, images.StdOut.Trim());
    }

    private static string Project() => "it" + Guid.NewGuid().ToString("N")[..8].Replace('0', 'z');

    private Dictionary<string, string?> Environment() => new()
    {
        [EnvVars.LocalCloudStateDir] = moto.Settings.StateDirectory,
        [EnvVars.LocalCloudMotoPort] = moto.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudRegistryPort] = registry.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [EnvVars.LocalCloudRegistryUsername] = LocalRegistry.Username,
        [EnvVars.LocalCloudRegistryPassword] = registry.Password,
    };

    /// <summary>Two small images FROM the local base; a's preBuild makes a file its Dockerfile copies.</summary>
    private static string WriteApp(TempDir dir, string project)
    {
        var stamp = Guid.NewGuid().ToString("N");
        dir.Write("iac/README", "no ecr module here: the pipeline owns the repositories\n");
        dir.Write("a/Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY stamp.txt generated.txt /srv/\n");
        dir.Write("a/stamp.txt", stamp + "\n");
        dir.Write("b/Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY stamp.txt /srv/\n");
        dir.Write("b/stamp.txt", stamp + "b\n");
        return dir.Write("deploy.yml", $"""
            project: {project}
            region: ap-northeast-1
            buildParallelism: 2
            images:
              - name: a
                context: a
                preBuild: [sh, -c, "echo generated > a/generated.txt"]
              - name: b
                context: b
            environments:
              local:
                iacDir: iac
                buildArgs:
                  BASE_IMAGE: {DockerEngine.BaseImage}
            """);
    }

    [GeneratedRegex(@"pushed a@(sha256:[0-9a-f]{64})")]
    private static partial Regex PushedDigest();
}
