using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// Where images go, behind one interface: ECR in AWS, the local CNCF distribution registry on the local cloud.
/// Tasks never ask which environment they are in; DI gives them one implementation (chosen by
/// <see cref="DeployContext.IsLocal"/> in <see cref="ImageServices"/>).
/// </summary>
public interface IImageRegistry
{
    /// <summary>Short description for logs ("ECR 123456789012.dkr.ecr...", "local registry 127.0.0.1:5050").</summary>
    string Description { get; }

    /// <summary>The full repository reference images are tagged and pushed as (host[:port]/name).</summary>
    Task<string> RepositoryReferenceAsync(string repositoryName, CancellationToken cancellationToken = default);

    /// <summary>Credentials for `docker login`, or null when the registry needs none.</summary>
    Task<RegistryLogin?> GetLoginAsync(CancellationToken cancellationToken = default);

    /// <summary>The manifest digest a tag points at, or null when the tag does not exist.</summary>
    Task<string?> FindDigestAsync(string repositoryName, string tag, CancellationToken cancellationToken = default);

    /// <summary>The manifest for a tag or digest, or null when it does not exist.</summary>
    Task<ImageManifest?> GetManifestAsync(string repositoryName, string reference, CancellationToken cancellationToken = default);

    /// <summary>Stores a manifest under a tag (the layers must already be in the registry); returns its digest.</summary>
    Task<string> PutManifestAsync(string repositoryName, string tag, ImageManifest manifest, CancellationToken cancellationToken = default);

    /// <summary>A recent tag of the repository to take layer cache from, or null.</summary>
    Task<string?> FindCacheTagAsync(string repositoryName, CancellationToken cancellationToken = default);
}

/// <summary>A registry login. The password is a secret: it is never part of ToString, logs or command lines.</summary>
public sealed class RegistryLogin(string server, string username, string password)
{
    public string Server { get; } = server;

    public string Username { get; } = username;

    public string Password { get; } = password;

    public override string ToString() => $"{Username}@{Server} (password redacted)";
}

/// <summary>An image manifest exactly as the registry stores it: its digest is the sha256 of these bytes.</summary>
public sealed record ImageManifest(string MediaType, string Content)
{
    public const string DockerV2 = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public static readonly IReadOnlyList<string> AcceptedMediaTypes = [DockerV2, DockerList, OciManifest, OciIndex];

    public string Digest => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));

    /// <summary>Digests of what the manifest refers to: config and layers, or the manifests of an index.</summary>
    public (IReadOnlyList<string> Blobs, IReadOnlyList<string> Manifests) References()
    {
        var root = JsonNode.Parse(Content)!.AsObject();
        var blobs = new List<string>();
        if (root["config"]?["digest"]?.GetValue<string>() is { } config)
        {
            blobs.Add(config);
        }

        blobs.AddRange(root["layers"]?.AsArray().Select(l => l!["digest"]!.GetValue<string>()) ?? []);
        var manifests = root["manifests"]?.AsArray().Select(m => m!["digest"]!.GetValue<string>()).ToList() ?? [];
        return (blobs, manifests);
    }

    /// <summary>The same JSON document (registries may re-serialise what they were given).</summary>
    public bool SameContent(ImageManifest other) =>
        other is not null && (Content == other.Content || JsonNode.DeepEquals(JsonNode.Parse(Content), JsonNode.Parse(other.Content)));
}
