using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Deploy.Build.Aws;
using Polly;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// A registry through the OCI distribution (Docker registry HTTP API v2): the local cloud's CNCF distribution registry
/// (`docker-registry serve`, http on loopback), and ECR's Docker endpoint (https, user AWS and an authorization token)
/// when production copies staging's images across accounts. The local registry's address comes from local
/// configuration, never from ECR's authorization token (moto answers the real AWS hostname there). Basic auth when a
/// login is given.
/// </summary>
public sealed class DistributionRegistry : IImageRegistry, IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly RegistryLogin? _login;
    private readonly bool _https;

    /// <param name="https">ECR's endpoint; the local registry answers plain http on loopback.</param>
    public DistributionRegistry(string address, RegistryLogin? login = null, AwsRetry.Options? retry = null, bool https = false)
    {
        Address = address;
        _login = login;
        _https = https;
        _http = new HttpClient { BaseAddress = new Uri($"{(https ? "https" : "http")}://{address}/"), Timeout = Timeout.InfiniteTimeSpan };
        if (login is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")));
        }

        _retry = AwsRetry.Create(retry ?? new AwsRetry.Options(MaxAttempts: 4, AttemptTimeout: TimeSpan.FromSeconds(30)));
    }

    public string Address { get; }

    public string Description => $"registry {Address}";

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
    /// Makes a blob of another repository of this registry available in <paramref name="repositoryName"/> (cross-repository
    /// mount), so that nothing is uploaded again. False when the registry does not mount: it answers 202 and opens an
    /// upload session instead, which is left to expire.
    /// </summary>
    public async Task<bool> TryMountBlobAsync(string repositoryName, string digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"v2/{repositoryName}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}"),
            cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>
    /// Copies an image from another registry (production's from staging's, across accounts) without pulling it into an
    /// engine: each blob the target lacks is streamed from the source and uploaded, each manifest is put byte for byte,
    /// so the digest is the one the source tested. Returns the digest in this registry.
    /// </summary>
    public async Task<string> CopyFromAsync(DistributionRegistry source, string sourceRepository, string digest, string targetRepository, string tag,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var manifest = await source.GetManifestAsync(sourceRepository, digest, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"{sourceRepository}@{digest} does not exist in {source.Description}");
        await CopyContentFromAsync(source, sourceRepository, manifest, targetRepository, cancellationToken).ConfigureAwait(false);
        return await PutManifestAsync(targetRepository, tag, manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the repository holds the blob (HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;).</summary>
    public async Task<bool> HasBlobAsync(string repositoryName, string digest, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, $"v2/{repositoryName}/blobs/{digest}"), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? false
            : response.IsSuccessStatusCode ? true
            : throw Refused($"HEAD blob {repositoryName}@{digest}", response.StatusCode);
    }

    private async Task CopyContentFromAsync(DistributionRegistry source, string sourceRepository, ImageManifest manifest, string targetRepository, CancellationToken cancellationToken)
    {
        var (blobs, manifests) = manifest.References();
        foreach (var blob in blobs)
        {
            if (await HasBlobAsync(targetRepository, blob, cancellationToken).ConfigureAwait(false)
                || (source.Address == Address && await TryMountBlobAsync(targetRepository, blob, sourceRepository, cancellationToken).ConfigureAwait(false)))
            {
                continue;
            }

            await TransferBlobAsync(source, sourceRepository, blob, targetRepository, cancellationToken).ConfigureAwait(false);
        }

        foreach (var child in manifests)
        {
            var childManifest = await source.GetManifestAsync(sourceRepository, child, cancellationToken).ConfigureAwait(false)
                                ?? throw new InvalidOperationException($"{sourceRepository}@{child} does not exist in {source.Description}");
            await CopyContentFromAsync(source, sourceRepository, childManifest, targetRepository, cancellationToken).ConfigureAwait(false);
            await PutManifestAsync(targetRepository, child, childManifest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One blob from the source to this registry: GET (ECR redirects to S3; the redirect carries no credentials), then
    /// an upload session (POST), the bytes (PATCH) and the commit with the digest (PUT), which the registry verifies.
    /// The whole transfer is retried on a transient failure: an unfinished upload session is abandoned, never reused.
    /// </summary>
    private async Task TransferBlobAsync(DistributionRegistry source, string sourceRepository, string digest, string targetRepository, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct =>
        {
            using var download = await source._http.GetAsync(new Uri($"v2/{sourceRepository}/blobs/{digest}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!download.IsSuccessStatusCode)
            {
                throw source.Refused($"GET blob {sourceRepository}@{digest}", download.StatusCode);
            }

            using var start = await _http.PostAsync(new Uri($"v2/{targetRepository}/blobs/uploads/", UriKind.Relative), null, ct).ConfigureAwait(false);
            if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is not { } location)
            {
                throw Refused($"start upload to {targetRepository}", start.StatusCode);
            }

            var content = new StreamContent(await download.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = download.Content.Headers.ContentLength;
            using var patch = new HttpRequestMessage(HttpMethod.Patch, Absolute(location)) { Content = content };
            using var patched = await _http.SendAsync(patch, ct).ConfigureAwait(false);
            if (patched.StatusCode != HttpStatusCode.Accepted || patched.Headers.Location is not { } next)
            {
                throw Refused($"upload {digest} to {targetRepository}", patched.StatusCode);
            }

            var commit = Absolute(next);
            var query = string.IsNullOrEmpty(commit.Query) ? "?" : commit.Query + "&";
            using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(commit.GetLeftPart(UriPartial.Path) + query + "digest=" + Uri.EscapeDataString(digest)));
            using var committed = await _http.SendAsync(put, ct).ConfigureAwait(false);
            if (committed.StatusCode != HttpStatusCode.Created)
            {
                throw Refused($"commit {digest} in {targetRepository}", committed.StatusCode);
            }
        }, cancellationToken).ConfigureAwait(false);

    private Uri Absolute(Uri location) => location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location);

    /// <summary>401/403: the credentials may not do this (for ECR, the repository policy or the role's); 5xx: transient.</summary>
    private Exception Refused(string what, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryAuthenticationException(
            $"{Description} refused {what} ({(int)status}): {_login?.Username ?? "anonymous"} may not {(what.StartsWith("GET", StringComparison.Ordinal) || what.StartsWith("HEAD", StringComparison.Ordinal) ? "pull" : "push")} here"),
        _ => new HttpRequestException($"{Description}: {what} answered {(int)status}", null, status),
    };

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

    /// <summary>Sends with retries on 5xx and dropped connections; 401 and 403 become a clear error naming the request; other answers go to the caller.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct =>
        {
            using var request = build();
            var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var status = response.StatusCode;
                response.Dispose();
                if (status == HttpStatusCode.Unauthorized && !_https)
                {
                    throw new RegistryAuthenticationException($"{Description} refused the credentials (401); set {EnvVars.LocalCloudRegistryUsername} and {EnvVars.LocalCloudRegistryPassword}");
                }

                throw status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? Refused($"{request.Method} {request.RequestUri}", status)
                    : new HttpRequestException($"{Description} answered {(int)status}", null, status);
            }

            return response;
        }, cancellationToken).ConfigureAwait(false);
}

/// <summary>The registry refused the credentials (not retried).</summary>
public sealed class RegistryAuthenticationException(string message) : Exception(message);
