using System.Globalization;
using Deploy.Build.Configuration;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// One configured image and where it goes: repository reference, the tag it is built and pushed as (its identity, see
/// <see cref="ImageIdentity"/>) and the release tag put on the same manifest (what promotion and people look up).
/// </summary>
public sealed record ImageTarget(ImageConfig Image, string RepositoryName, string Repository, string Tag, string? ReleaseTag = null)
{
    public string Name => Image.Name;

    public string Reference => $"{Repository}:{Tag}";

    /// <summary>The tag the deploy records: the release tag when there is one.</summary>
    public string DeployTag => ReleaseTag ?? Tag;
}

/// <summary>What BuildImages does with one image.</summary>
public enum BuildAction
{
    Build,

    /// <summary>The identity tag is in the registry already: the same inputs were built and pushed before.</summary>
    SkipExists,

    /// <summary>The engine has the tagged image from an earlier run (built, not yet pushed).</summary>
    SkipBuiltLocally,
}

/// <summary>The pure decisions of BuildImages: skip or build, tags, labels, docker build settings.</summary>
public static class ImagePlan
{
    public const string LabelRevision = "org.opencontainers.image.revision";
    public const string LabelSource = "org.opencontainers.image.source";
    public const string LabelCreated = "org.opencontainers.image.created";

    public static BuildAction Decide(string? registryDigest, bool builtLocally) =>
        registryDigest is not null ? BuildAction.SkipExists
        : builtLocally ? BuildAction.SkipBuiltLocally
        : BuildAction.Build;

    /// <summary>A docker tag from the release version: [A-Za-z0-9_.-], at most 128 characters, not starting with '.' or '-'.</summary>
    public static string Tag(string releaseVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(releaseVersion);
        var valid = releaseVersion.Length <= 128
                    && releaseVersion[0] is not ('.' or '-')
                    && releaseVersion.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        return valid ? releaseVersion : throw new ArgumentException($"release version '{releaseVersion}' is not a valid image tag", nameof(releaseVersion));
    }

    /// <summary>The tag's prefix staging puts on an image once its deploy of a source tree passed the smoke test.</summary>
    public const string TestedTagPrefix = "tested-";

    /// <summary>
    /// The tag that says staging deployed this image for the source tree <paramref name="tree"/> (a git tree hash) and the
    /// deploy ended well: what production promotes. A merge commit that changes no file keeps the tree, so the
    /// production branch's merge finds the image staging tested although its commit is new.
    /// </summary>
    public static string TestedTag(string tree)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tree);
        return tree.Length is 40 or 64 && tree.All(char.IsAsciiHexDigitLower)
            ? TestedTagPrefix + tree
            : throw new ArgumentException($"'{tree}' is not a git tree hash", nameof(tree));
    }

    /// <summary>OCI labels: the commit, where the source lives (no credentials), when the image was built.</summary>
    public static IReadOnlyDictionary<string, string> Labels(string revision, string? source, DateTimeOffset created)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [LabelRevision] = revision,
            [LabelCreated] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var clean = SourceUrl(source);
        if (clean is not null)
        {
            labels[LabelSource] = clean;
        }

        return labels;
    }

    /// <summary>The repository URL without user info: a remote like https://x-access-token:TOKEN@github.com/o/r must not end up in an image.</summary>
    public static string? SourceUrl(string? remote)
    {
        if (string.IsNullOrWhiteSpace(remote))
        {
            return null;
        }

        remote = remote.Trim();
        if (Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh")
        {
            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
            var text = builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return text.EndsWith(".git", StringComparison.Ordinal) ? text[..^4] : text;
        }

        // scp-like git@github.com:owner/repo.git
        var at = remote.IndexOf('@', StringComparison.Ordinal);
        var colon = remote.IndexOf(':', StringComparison.Ordinal);
        if (at > 0 && colon > at)
        {
            var path = remote[(colon + 1)..];
            return $"https://{remote[(at + 1)..colon]}/{(path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path)}";
        }

        return null;
    }

    /// <summary>Build arguments: the image's, then the environment's (which win, e.g. the local base image).</summary>
    public static IReadOnlyDictionary<string, string> BuildArgs(ImageConfig image, EnvironmentConfig environment)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(environment);
        var args = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in image.BuildArgs.Concat(environment.BuildArgs))
        {
            args[key] = value;
        }

        return args;
    }

    /// <summary>Everything `docker build` gets for one image.</summary>
    public static DockerBuildSettings BuildSettings(
        ImageTarget target, EnvironmentConfig environment, string contextPath, IReadOnlyDictionary<string, string> labels,
        DockerBuilder builder, string? cacheTag, bool hostNetwork, bool noCache)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(labels);
        var settings = new DockerBuildSettings
        {
            Builder = builder,
            File = Path.Combine(contextPath, target.Image.Dockerfile),
            Platform = target.Image.Platform,
            NoCache = noCache,
            Network = hostNetwork ? "host" : null,
            LogPrefix = target.Name,
        };
        settings.Tags.Add(target.Reference);
        foreach (var (key, value) in BuildArgs(target.Image, environment))
        {
            settings.BuildArgs[key] = value;
        }

        foreach (var (key, value) in labels)
        {
            settings.Labels[key] = value;
        }

        if (cacheTag is not null)
        {
            settings.CacheFrom.Add($"{target.Repository}:{cacheTag}");
        }

        return settings;
    }
}
