using System.Diagnostics;
using Cake.Core.Diagnostics;
using Deploy.Build.Tools.Docker;
using Deploy.Build.Tools.Git;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Steps.Images;

/// <summary>What BuildImages did with one image.</summary>
public sealed record BuildOutcome(ImageTarget Target, BuildAction Action, TimeSpan Duration)
{
    public string Summary(bool dryRun) => Action switch
    {
        BuildAction.SkipExists => $"skipped {Target.Name}, exists",
        BuildAction.SkipBuiltLocally => $"skipped {Target.Name}, built earlier",
        _ when dryRun => $"would build {Target.Reference}",
        _ => $"built {Target.Name} ({Duration.TotalSeconds:0.0} s)",
    };
}

/// <summary>Builds the configured images, at most N at once; an image whose tag exists is not rebuilt.</summary>
public sealed class ImageBuilder(DockerTool docker, IImageRegistry registry, ICakeLog log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private IReadOnlyList<ImageTarget>? _targets;
    private readonly Polly.ResiliencePipeline _transferRetry = RegistryTransferRetry.Create(line => log.Warning("{0}", line));

    /// <summary>
    /// The image targets of this release: repository references, each image's identity tag (the hash of its inputs) and
    /// the release-version tag. Computed once per run: BuildImages and PushImages see the same identities.
    /// </summary>
    public async Task<IReadOnlyList<ImageTarget>> TargetsAsync(DeployContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_targets is { } known)
        {
            return known;
        }

        var release = ImagePlan.Tag(context.ReleaseVersion ?? throw new InvalidOperationException("no release version: Preflight sets it"));
        var lookup = new DockerSettings { ConfigDirectory = DockerConfigDirectory.Prepare(context.RepositoryRoot) };
        var targets = new List<ImageTarget>();
        foreach (var image in context.Config.Images)
        {
            var name = RepositoryPolicy.RepositoryName(context.Config.Project, context.EnvironmentName, image.Name);
            var identity = await ImageIdentity.ComputeAsync(image, context.InConfigDirectory(image.Context), ImagePlan.BuildArgs(image, context.DeployEnvironment),
                reference => docker.Inspect(reference, "{{.Id}}", lookup), ct).ConfigureAwait(false);
            targets.Add(new ImageTarget(image, name, await registry.RepositoryReferenceAsync(name, ct).ConfigureAwait(false), identity.Tag, release));
        }

        return _targets = targets;
    }

    public async Task<IReadOnlyList<BuildOutcome>> BuildAllAsync(DeployContext context, int parallelism, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var settings = new DockerSettings { ConfigDirectory = DockerConfigDirectory.Prepare(context.RepositoryRoot) };
        var targets = await TargetsAsync(context, ct).ConfigureAwait(false);
        var decisions = new List<(ImageTarget Target, BuildAction Action)>();
        foreach (var target in targets)
        {
            var digest = await registry.FindDigestAsync(target.RepositoryName, target.Tag, ct).ConfigureAwait(false);
            var local = docker.Inspect(target.Reference, "{{.Id}}", settings) is not null;
            decisions.Add((target, ImagePlan.Decide(digest, local)));
        }

        var toBuild = decisions.Where(d => d.Action == BuildAction.Build).Select(d => d.Target).ToList();
        var outcomes = decisions.Where(d => d.Action != BuildAction.Build).Select(d => new BuildOutcome(d.Target, d.Action, TimeSpan.Zero)).ToList();
        if (context.DryRun || toBuild.Count == 0)
        {
            return [.. outcomes, .. toBuild.Select(t => new BuildOutcome(t, BuildAction.Build, TimeSpan.Zero))];
        }

        var builder = docker.DetectBuilder(settings);
        log.Information("Building {0} image(s) with the {1} builder, {2} at a time.", toBuild.Count, builder == DockerBuilder.Buildx ? "BuildKit (buildx)" : "classic", parallelism);
        var source = await SourceAsync(context.RepositoryRoot).ConfigureAwait(false);
        // BuildKit reads its --cache-from type=registry layers from the registry itself: sign in first (review row 22;
        // the push signs in again). The classic builder takes cache only from images already in the engine.
        using var signIn = builder == DockerBuilder.Buildx
            ? await RegistrySignIn.StartAsync(docker, registry, settings, context.Secrets, log, _transferRetry, ct).ConfigureAwait(false)
            : null;
        using var gate = new SemaphoreSlim(parallelism);
        var built = await Task.WhenAll(toBuild.Select(async target =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await BuildOneAsync(context, target, source, builder, settings.ConfigDirectory, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return [.. outcomes, .. built];
    }

    private async Task<BuildOutcome> BuildOneAsync(
        DeployContext context, ImageTarget target, string? source, DockerBuilder builder, string? configDirectory, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // The same inputs give the same labels: the last commit that changed the context, and its time.
        var contextPath = context.InConfigDirectory(target.Image.Context);
        var (revision, changedAt) = GitRevision.ParseCommit(await GitRevision.TryAsync(contextPath, "log", "-1", "--format=%H%n%cI", "--", ".").ConfigureAwait(false));
        var labels = ImagePlan.Labels(revision ?? context.ReleaseVersion!, source, Created(changedAt));
        if (target.Image.PreBuild.Count > 0)
        {
            await ConfiguredCommand.RunAsync(target.Image.PreBuild, context.ConfigDirectory, target.Name, "preBuild", log, ct).ConfigureAwait(false);
        }

        var cacheTag = await registry.FindCacheTagAsync(target.RepositoryName, ct).ConfigureAwait(false);
        var lookup = new DockerSettings { ConfigDirectory = configDirectory };
        if (cacheTag is not null && builder == DockerBuilder.Classic && docker.Inspect($"{target.Repository}:{cacheTag}", "{{.Id}}", lookup) is null)
        {
            // The classic builder only takes cache from images in the engine; pulling one to save a build rarely pays.
            cacheTag = null;
        }

        var settings = ImagePlan.BuildSettings(target, context.DeployEnvironment, context.InConfigDirectory(target.Image.Context), labels, builder, cacheTag, context.IsLocal, noCache: false);
        settings.ConfigDirectory = configDirectory;
        await Task.Run(() => docker.Build(context.InConfigDirectory(target.Image.Context), settings), ct).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        log.Information("[{0}] built {1} in {2:0.0} s", target.Name, target.Reference, elapsed.TotalSeconds);
        return new BuildOutcome(target, BuildAction.Build, elapsed);
    }

    /// <summary>
    /// The image's creation time: SOURCE_DATE_EPOCH when set, else the time of the last commit that changed its
    /// context, so the same inputs give the same labels (and the engine's cache the same image).
    /// </summary>
    private DateTimeOffset Created(DateTimeOffset? changedAt)
    {
        var epoch = Environment.GetEnvironmentVariable(EnvVars.SourceDateEpoch);
        return long.TryParse(epoch, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : changedAt ?? _clock.GetUtcNow();
    }

    /// <summary>Where the source lives: the GitHub repository in Actions, else the origin remote (credentials are stripped later).</summary>
    private static async Task<string?> SourceAsync(string repositoryRoot)
    {
        var server = Environment.GetEnvironmentVariable(EnvVars.GitHubServerUrl);
        var repository = Environment.GetEnvironmentVariable(EnvVars.GitHubRepository);
        return !string.IsNullOrEmpty(server) && !string.IsNullOrEmpty(repository)
            ? $"{server}/{repository}"
            : await GitRevision.TryAsync(repositoryRoot, "config", "--get", "remote.origin.url").ConfigureAwait(false);
    }
}
