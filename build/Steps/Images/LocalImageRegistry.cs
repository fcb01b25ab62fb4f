using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Deploy.Build.Aws;
using Polly;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// The local cloud's image registry (CNCF distribution, `docker-registry serve`) through the registry
/// HTTP API v2. Its address comes from local configuration, never from ECR's authorization token
/// (moto answers the real AWS hostname there). Basic auth when the registry has an htpasswd file.
/// </summary>
public sealed class LocalImageRegistry : IImageRegistry, IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly RegistryLogin? _login;

    public LocalImageRegistry(string address, RegistryLogin? login = null, AwsRetry.Options? retry = null)
    {
        Address = address;
        _login = login;
        _http = new HttpClient { BaseAddress = new Uri($"http://{address}/"), Timeout = Timeout.InfiniteTimeSpan };
        if (login is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")));
        }

        _retry = AwsRetry.Create(retry ?? new AwsRetry.Options(MaxAttempts: 4, AttemptTimeout: TimeSpan.FromSeconds(30)));
    }

    public string Address { get; }

    public string Description => $"local registry {Address}";

    public Task<string> RepositoryReferenceAsync(string repositoryName, CancellationToken cancellationToken = default) =>
        Task.FromResult($"{Address}/{repositoryName}");

    public Task<RegistryLogin?> GetLoginAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_login is null ? null : new RegistryLogin(Address, _login.Username, _login.Password));

    public async Task<string?> FindDigestAsync(string repositoryName, string tag, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Head, repositoryName, tag), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null
            : response.IsSuccessStatusCode ? Digest(response) ?? throw new HttpRequestException($"{Description}: {repositoryName}:{tag} has no Docker-Content-Digest")
            : throw new HttpRequestException($"{Description}: HEAD {repositoryName}:{tag} answered {(int)response.StatusCode}", null, response.StatusCode);
    }

    public async Task<ImageManifest?> GetManifestAsync(string repositoryName, string reference, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => ManifestRequest(HttpMethod.Get, repositoryName, reference), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Description}: GET {repositoryName}@{reference} answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new ImageManifest(response.Content.Headers.ContentType?.MediaType ?? ImageManifest.DockerV2, content);
    }

    public async Task<string> PutManifestAsync(string repositoryName, string tag, ImageManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"v2/{repositoryName}/manifests/{tag}")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(manifest.Content)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{Description}: PUT manifest {repositoryName}:{tag} answered {(int)response.StatusCode}: {body.Trim()}", null, response.StatusCode);
        }

        return Digest(response) ?? manifest.Digest;
    }

    /// <summary>
    /// Makes a blob of another repository available in <paramref name="repositoryName"/> (cross-repository mount),
    /// so that a manifest can be put there without uploading its layers again.
    /// </summary>
    public async Task MountBlobAsync(string repositoryName, string digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"v2/{repositoryName}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}"),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"{Description}: could not mount {digest} from {fromRepository} into {repositoryName} ({(int)response.StatusCode})", null, response.StatusCode);
        }
    }

    /// <summary>Mounts every blob into the target repository (for an index, copies each image first), then puts the manifest under the tag.</summary>
    public async Task<string> CopyImageAsync(string sourceRepository, string digest, string targetRepository, string tag, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(sourceRepository, digest, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"{sourceRepository}@{digest} does not exist in {Description}");
        await CopyContentAsync(sourceRepository, manifest, targetRepository, cancellationToken).ConfigureAwait(false);
        return await PutManifestAsync(targetRepository, tag, manifest, cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyContentAsync(string sourceRepository, ImageManifest manifest, string targetRepository, CancellationToken cancellationToken)
    {
        var (blobs, manifests) = manifest.References();
        foreach (var blob in blobs)
        {
            await MountBlobAsync(targetRepository, blob, sourceRepository, cancellationToken).ConfigureAwait(false);
        }

        foreach (var child in manifests)
        {
            var childManifest = await GetManifestAsync(sourceRepository, child, cancellationToken).ConfigureAwait(false)
                                ?? throw new InvalidOperationException($"{sourceRepository}@{child} does not exist in {Description}");
            await CopyContentAsync(sourceRepository, childManifest, targetRepository, cancellationToken).ConfigureAwait(false);
            await PutManifestAsync(targetRepository, child, childManifest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The local engine keeps its own layer cache; no registry cache source is needed.</summary>
    public Task<string?> FindCacheTagAsync(string repositoryName, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage ManifestRequest(HttpMethod method, string repositoryName, string reference)
    {
        var request = new HttpRequestMessage(method, $"v2/{repositoryName}/manifests/{reference}");
        foreach (var type in ImageManifest.AcceptedMediaTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private static string? Digest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Sends with retries on 5xx and dropped connections; 401 becomes a clear error; other answers go to the caller.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct =>
        {
            using var request = build();
            var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized)
            {
                var status = response.StatusCode;
                response.Dispose();
                throw status == HttpStatusCode.Unauthorized
                    ? new RegistryAuthenticationException($"{Description} refused the credentials (401); set {EnvVars.LocalCloudRegistryUsername} and {EnvVars.LocalCloudRegistryPassword}")
                    : new HttpRequestException($"{Description} answered {(int)status}", null, status);
            }

            return response;
        }, cancellationToken).ConfigureAwait(false);
}

/// <summary>The registry refused the credentials (not retried).</summary>
public sealed class RegistryAuthenticationException(string message) : Exception(message);
