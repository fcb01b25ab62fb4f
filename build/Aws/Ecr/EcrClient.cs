namespace Deploy.Build.Aws.Ecr;

/// <summary>ECR over awsJson1.1: SigV4-signed by the SDK's handler, retried with jittered backoff, a timeout per attempt.</summary>
public sealed class EcrClient : IEcrClient, IDisposable
{
    public const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921";

    private readonly AwsJsonClient _json;

    public EcrClient(AwsSettings settings, AwsRetry.Options? retry = null, Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null) =>
        _json = new AwsJsonClient(settings, "ecr", "api.ecr", TargetPrefix, retry, onRetry, innerHandler);

    public Uri Endpoint => _json.BaseAddress;

    public Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeRepositoriesRequest, DescribeRepositoriesResponse>("DescribeRepositories", request, cancellationToken);

    public Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<CreateRepositoryRequest, CreateRepositoryResponse>("CreateRepository", request, cancellationToken);

    public Task<PutLifecyclePolicyResponse> PutLifecyclePolicyAsync(PutLifecyclePolicyRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<PutLifecyclePolicyRequest, PutLifecyclePolicyResponse>("PutLifecyclePolicy", request, cancellationToken);

    public Task<GetLifecyclePolicyResponse> GetLifecyclePolicyAsync(GetLifecyclePolicyRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetLifecyclePolicyRequest, GetLifecyclePolicyResponse>("GetLifecyclePolicy", request, cancellationToken);

    public Task<PutImageScanningConfigurationResponse> PutImageScanningConfigurationAsync(PutImageScanningConfigurationRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<PutImageScanningConfigurationRequest, PutImageScanningConfigurationResponse>("PutImageScanningConfiguration", request, cancellationToken);

    public Task<PutImageTagMutabilityResponse> PutImageTagMutabilityAsync(PutImageTagMutabilityRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<PutImageTagMutabilityRequest, PutImageTagMutabilityResponse>("PutImageTagMutability", request, cancellationToken);

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetAuthorizationTokenRequest, GetAuthorizationTokenResponse>("GetAuthorizationToken", request, cancellationToken);

    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeImagesRequest, DescribeImagesResponse>("DescribeImages", request, cancellationToken);

    public Task<BatchGetImageResponse> BatchGetImageAsync(BatchGetImageRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<BatchGetImageRequest, BatchGetImageResponse>("BatchGetImage", request, cancellationToken);

    public Task<PutImageResponse> PutImageAsync(PutImageRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<PutImageRequest, PutImageResponse>("PutImage", request, cancellationToken);

    public void Dispose() => _json.Dispose();
}
