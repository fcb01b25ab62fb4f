using System.Collections.Concurrent;
using System.Text;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecr;

namespace Deploy.Build.Steps.Images;

/// <summary>ECR as the image registry: repositories and images through the ECR API, login with GetAuthorizationToken.</summary>
public sealed class EcrImageRegistry(IEcrClient ecr, TimeProvider? clock = null) : IImageRegistry
{
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, string> _uris = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private (RegistryLogin Login, DateTime ExpiresAt)? _token;

    public string Description => "ECR";

    public async Task<string> RepositoryReferenceAsync(string repositoryName, CancellationToken cancellationToken = default)
    {
        if (_uris.TryGetValue(repositoryName, out var uri))
        {
            return uri;
        }

        try
        {
            var response = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = [repositoryName] }, cancellationToken).ConfigureAwait(false);
            return _uris[repositoryName] = response.Repositories.Single(r => r.RepositoryName == repositoryName).RepositoryUri;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
            // A dry run before EnsureEcr created it: the registry host is known from the authorization endpoint.
            var login = await GetLoginAsync(cancellationToken).ConfigureAwait(false);
            return $"{login!.Server}/{repositoryName}";
        }
    }

    /// <summary>
    /// A token is reused while it is valid for 5 more minutes. One that is already expired when it arrives
    /// (moto answers so) is used once and not cached: the next call asks again, nothing loops.
    /// </summary>
    public async Task<RegistryLogin?> GetLoginAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_token is { } cached && cached.ExpiresAt - TokenMargin > now)
        {
            return cached.Login;
        }

        var response = await ecr.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), cancellationToken).ConfigureAwait(false);
        var data = response.AuthorizationData.FirstOrDefault()
                   ?? throw new InvalidOperationException("ECR GetAuthorizationToken returned no authorization data");
        var login = FromToken(data);
        _token = data.ExpiresAt - TokenMargin > now ? (login, data.ExpiresAt) : null;
        return login;
    }

    /// <summary>Decodes base64("AWS:password") and the proxy endpoint's host.</summary>
    public static RegistryLogin FromToken(AuthorizationData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new InvalidOperationException("ECR authorization token is not user:password");
        }

        var server = Uri.TryCreate(data.ProxyEndpoint, UriKind.Absolute, out var uri) ? uri.Authority : data.ProxyEndpoint;
        return new RegistryLogin(server, decoded[..colon], decoded[(colon + 1)..]);
    }

    public async Task<string?> FindDigestAsync(string repositoryName, string tag, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await ecr.DescribeImagesAsync(new DescribeImagesRequest
            {
                RepositoryName = repositoryName,
                ImageIds = [new ImageIdentifier { ImageTag = tag }],
            }, cancellationToken).ConfigureAwait(false);
            return response.ImageDetails.FirstOrDefault()?.ImageDigest;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "ImageNotFoundException" or "RepositoryNotFoundException")
        {
            return null;
        }
    }

    public async Task<ImageManifest?> GetManifestAsync(string repositoryName, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var id = reference.StartsWith("sha256:", StringComparison.Ordinal)
            ? new ImageIdentifier { ImageDigest = reference }
            : new ImageIdentifier { ImageTag = reference };
        var response = await ecr.BatchGetImageAsync(new BatchGetImageRequest
        {
            RepositoryName = repositoryName,
            ImageIds = [id],
            AcceptedMediaTypes = [.. ImageManifest.AcceptedMediaTypes],
        }, cancellationToken).ConfigureAwait(false);
        var image = response.Images.FirstOrDefault();
        return image is null ? null : new ImageManifest(image.ImageManifestMediaType ?? ImageManifest.DockerV2, image.ImageManifest);
    }

    /// <summary>PutImage; the same tag on the same manifest again is not an error (idempotent promotion).</summary>
    public async Task<string> PutManifestAsync(string repositoryName, string tag, ImageManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            var response = await ecr.PutImageAsync(new PutImageRequest
            {
                RepositoryName = repositoryName,
                ImageTag = tag,
                ImageManifest = manifest.Content,
                ImageManifestMediaType = manifest.MediaType,
            }, cancellationToken).ConfigureAwait(false);
            return response.Image.ImageId.ImageDigest ?? manifest.Digest;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ImageAlreadyExistsException")
        {
            var existing = await GetManifestAsync(repositoryName, tag, cancellationToken).ConfigureAwait(false);
            return existing is not null && existing.SameContent(manifest)
                ? await FindDigestAsync(repositoryName, tag, cancellationToken).ConfigureAwait(false) ?? manifest.Digest
                : throw new InvalidOperationException($"{repositoryName}:{tag} already points at another image (tags are immutable)", ex);
        }
    }

    /// <summary>ECR's Docker endpoint of an account's registry (the distribution API a promotion copies through).</summary>
    public static string RegistryHost(string accountId, string region) => $"{accountId}.dkr.ecr.{region}.amazonaws.com";

    /// <summary>The most recently pushed tagged image: BuildKit takes layer cache from it.</summary>
    public async Task<string?> FindCacheTagAsync(string repositoryName, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = repositoryName }, cancellationToken).ConfigureAwait(false);
            return response.ImageDetails.Where(d => d.ImageTags.Count > 0).MaxBy(d => d.ImagePushedAt)?.ImageTags[0];
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
            return null;
        }
    }
}
