using Cake.Core.Diagnostics;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Steps.Images;

/// <summary>What PushImages did with one image.</summary>
public sealed record PushOutcome(ImageTarget Target, bool Pushed, string? Digest)
{
    public string Summary(bool dryRun) => Pushed switch
    {
        true when dryRun => $"would push {Target.Reference}",
        true => $"pushed {Target.Name}@{Digest}",
        false => $"{Target.Name}@{Digest} exists",
    };
}

/// <summary>
/// Logs in to the registry (password on stdin), pushes the images that are not there yet and records every
/// image's digest, verified against the registry, so later tasks deploy by digest.
/// </summary>
public sealed class ImagePusher(DockerTool docker, IImageRegistry registry, ImageBuilder builder, ICakeLog log)
{
    private readonly Polly.ResiliencePipeline _transferRetry = RegistryTransferRetry.Create(line => log.Warning("{0}", line));

    public async Task<IReadOnlyList<PushOutcome>> PushAllAsync(DeployContext context, int parallelism, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new DockerSettings { ConfigDirectory = DockerConfigDirectory.Prepare(context.RepositoryRoot) };
        var targets = await builder.TargetsAsync(context, ct).ConfigureAwait(false);

        // Read and validate everything before the first push.
        var pending = new List<ImageTarget>();
        var outcomes = new List<PushOutcome>();
        foreach (var target in targets)
        {
            var digest = await registry.FindDigestAsync(target.RepositoryName, target.Tag, ct).ConfigureAwait(false);
            if (digest is not null)
            {
                outcomes.Add(new PushOutcome(target, false, digest));
            }
            else if (context.DryRun || docker.Inspect(target.Reference, "{{.Id}}", settings) is not null)
            {
                pending.Add(target);
            }
            else
            {
                throw new InvalidOperationException($"image {target.Name} ({target.Reference}) is neither in {registry.Description} nor built here; run BuildImages first");
            }
        }

        if (context.DryRun)
        {
            return [.. outcomes, .. pending.Select(t => new PushOutcome(t, true, null))];
        }

        if (pending.Count == 0)
        {
            return await TagReleasesAsync(outcomes, ct).ConfigureAwait(false);
        }

        using var signIn = await RegistrySignIn.StartAsync(docker, registry, settings, context.Secrets, log, _transferRetry, ct).ConfigureAwait(false);
        using var gate = new SemaphoreSlim(parallelism);
        var pushed = await Task.WhenAll(pending.Select(async target =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await PushOneAsync(target, settings.ConfigDirectory, ct).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return await TagReleasesAsync([.. outcomes, .. pushed], ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the release tag on each image's manifest (the registry's own copy, so the digest is the same): an image whose
    /// inputs did not change is the same manifest under this release too, which promotion and people look up by release.
    /// </summary>
    private async Task<IReadOnlyList<PushOutcome>> TagReleasesAsync(IReadOnlyList<PushOutcome> outcomes, CancellationToken ct)
    {
        var tagged = new List<PushOutcome>();
        foreach (var outcome in outcomes)
        {
            tagged.Add(outcome.Target.ReleaseTag is null || outcome.Digest is null ? outcome : await TagReleaseAsync(outcome, ct).ConfigureAwait(false));
        }

        return tagged;
    }

    private async Task<PushOutcome> TagReleaseAsync(PushOutcome outcome, CancellationToken ct)
    {
        var (target, digest) = (outcome.Target, outcome.Digest!);
        if (await TagAsync(registry, target.RepositoryName, digest, target.ReleaseTag!, ct).ConfigureAwait(false) is { } existing)
        {
            // Only files git does not see changed within one release (a context outside the repository): the deploy
            // goes by digest under the identity tag, and the release tag keeps naming the first image (tags are immutable).
            log.Warning("[{0}] {1}:{2} already names {3}, not this run's {4} (its inputs changed where git does not look); deploying {1}:{5}",
                target.Name, target.Repository, target.ReleaseTag, existing, digest, target.Tag);
            return outcome with { Target = target with { ReleaseTag = null } };
        }

        log.Information("[{0}] tagged {1}@{2} as {3}", target.Name, target.Repository, digest, target.ReleaseTag);
        return outcome;
    }

    /// <summary>
    /// Puts <paramref name="tag"/> on the manifest <paramref name="digest"/> names, through the registry's API (its own
    /// copy, so the digest is the same). Null when the tag names that digest now; the digest it already names when that
    /// is another image (tags are immutable: the first one stays).
    /// </summary>
    public static async Task<string?> TagAsync(IImageRegistry registry, string repositoryName, string digest, string tag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var existing = await registry.FindDigestAsync(repositoryName, tag, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing == digest ? null : existing;
        }

        var manifest = await registry.GetManifestAsync(repositoryName, digest, ct).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"{repositoryName}@{digest} is not in {registry.Description}");
        await registry.PutManifestAsync(repositoryName, tag, manifest, ct).ConfigureAwait(false);
        return null;
    }

    private async Task<PushOutcome> PushOneAsync(ImageTarget target, string? configDirectory, CancellationToken ct)
    {
        var settings = new DockerSettings { ConfigDirectory = configDirectory, LogPrefix = target.Name };
        await Task.Run(() => RegistryTransferRetry.Run(_transferRetry, () => docker.Push(target.Reference, settings), ct), ct).ConfigureAwait(false);
        var local = DigestFor(target.Repository, docker.RepoDigests(target.Reference, settings));
        var remote = await registry.FindDigestAsync(target.RepositoryName, target.Tag, ct).ConfigureAwait(false)
                     ?? throw new InvalidOperationException($"{target.Reference} was pushed but {registry.Description} does not have the tag");
        if (local is not null && local != remote)
        {
            throw new InvalidOperationException($"{target.Reference}: the engine pushed {local} but {registry.Description} has {remote}");
        }

        log.Information("[{0}] pushed {1}@{2}", target.Name, target.Repository, remote);
        return new PushOutcome(target, true, remote);
    }

    /// <summary>The digest among `docker inspect` RepoDigests (repository@sha256:...) that belongs to this repository.</summary>
    public static string? DigestFor(string repository, IEnumerable<string> repoDigests) =>
        repoDigests.Select(d => d.Split('@', 2)).Where(p => p.Length == 2 && p[0] == repository).Select(p => p[1]).FirstOrDefault();
}
