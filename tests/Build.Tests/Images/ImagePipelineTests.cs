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
        var config = await WriteAppAsync(dir, project);
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

            // Only b's context changes: b is built and pushed under a new identity, a is the same image (same digest).
            dir.Write("b/stamp.txt", "changed\n");
            var third = await Run.PipelineAsync(["--target=PushImages", $"--config={config}"], Environment());
            Assert.True(third.ExitCode == 0, third.Output);
            Assert.Contains("skipped a, exists", third.Output, StringComparison.Ordinal);
            Assert.Contains("built b (", third.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("built a (", third.Output, StringComparison.Ordinal);
            Assert.Contains($"a@{digest.Groups[1].Value} exists", third.Output, StringComparison.Ordinal);
            Assert.Matches(@"pushed b@sha256:[0-9a-f]{64}", third.Output);
            references = [.. references, .. Regex.Matches(third.Output, $@"127\.0\.0\.1:{registry.Port}/{project}-local-b:[0-9a-z-]+").Select(m => m.Value)];

            // Each image is tagged by its identity, and with the release too.
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LocalRegistry.Username}:{registry.Password}")));
            var list = await http.GetStringAsync(new Uri($"http://{registry.Address}/v2/{project}-local-a/tags/list"));
            var tags = System.Text.Json.JsonDocument.Parse(list).RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.Contains(tags, t => t.StartsWith("id-", StringComparison.Ordinal));
            Assert.Contains(tags, t => !t.StartsWith("id-", StringComparison.Ordinal));

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
        var config = await WriteAppAsync(dir, project);
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

    /// <summary>
    /// Two small images FROM the local base, committed to a git repository of their own; a's preBuild makes a file its
    /// Dockerfile copies, which git ignores (as the web front end's dist/): the images' identities do not include it.
    /// </summary>
    private static async Task<string> WriteAppAsync(TempDir dir, string project)
    {
        var stamp = Guid.NewGuid().ToString("N");
        dir.Write("iac/README", "no ecr module here: the pipeline owns the repositories\n");
        dir.Write("a/Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY stamp.txt generated.txt /srv/\n");
        dir.Write("a/stamp.txt", stamp + "\n");
        dir.Write("b/Dockerfile", "ARG BASE_IMAGE=busybox\nFROM ${BASE_IMAGE}\nCOPY stamp.txt /srv/\n");
        dir.Write("b/stamp.txt", stamp + "b\n");
        dir.Write(".gitignore", "a/generated.txt\n");
        var config = dir.Write("deploy.yml", $"""
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
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "app"] })
        {
            var git = await Run.ProcessAsync("git", args, dir.Path);
            Assert.True(git.ExitCode == 0, git.Output);
        }

        return config;
    }

    [GeneratedRegex(@"pushed a@(sha256:[0-9a-f]{64})")]
    private static partial Regex PushedDigest();
}
