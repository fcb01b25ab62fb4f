namespace Deploy.Build.Aws.Ecr;

/// <summary>
/// The ECR operations the pipeline needs, shaped like AWSSDK.ECR's IAmazonECR so that the official
/// client drops in (AWSSDK.ECR is not served by this project's registry; DESIGN.md section 4).
/// Errors surface as <see cref="Aws.AwsServiceException"/> with ECR's error code
/// (RepositoryNotFoundException, LifecyclePolicyNotFoundException, ImageAlreadyExistsException, ...).
/// </summary>
public interface IEcrClient
{
    Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken = default);

    Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken = default);

    Task<PutLifecyclePolicyResponse> PutLifecyclePolicyAsync(PutLifecyclePolicyRequest request, CancellationToken cancellationToken = default);

    Task<GetLifecyclePolicyResponse> GetLifecyclePolicyAsync(GetLifecyclePolicyRequest request, CancellationToken cancellationToken = default);

    Task<PutImageScanningConfigurationResponse> PutImageScanningConfigurationAsync(PutImageScanningConfigurationRequest request, CancellationToken cancellationToken = default);

    Task<PutImageTagMutabilityResponse> PutImageTagMutabilityAsync(PutImageTagMutabilityRequest request, CancellationToken cancellationToken = default);

    Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest request, CancellationToken cancellationToken = default);

    Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default);

    Task<BatchGetImageResponse> BatchGetImageAsync(BatchGetImageRequest request, CancellationToken cancellationToken = default);

    Task<PutImageResponse> PutImageAsync(PutImageRequest request, CancellationToken cancellationToken = default);
}
