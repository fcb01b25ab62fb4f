namespace Deploy.Build.Aws.CloudFront;

// Shapes of the CloudFront API (2020-05-31) for invalidations, named as in AWSSDK.CloudFront,
// so the official package can replace CloudFrontClient without touching its callers.

public sealed record InvalidationPaths(IReadOnlyList<string> Items)
{
    public int Quantity => Items.Count;
}

public sealed record InvalidationBatch(string CallerReference, InvalidationPaths Paths);

public sealed record Invalidation(string Id, string Status, DateTimeOffset CreateTime, InvalidationBatch InvalidationBatch)
{
    /// <summary>AWS answers "Completed", moto "COMPLETED".</summary>
    public bool IsCompleted => Status.Equals("Completed", StringComparison.OrdinalIgnoreCase);
}

public sealed record CreateInvalidationRequest(string DistributionId, InvalidationBatch InvalidationBatch);

public sealed record CreateInvalidationResponse(Invalidation Invalidation, Uri? Location);

public sealed record GetInvalidationRequest(string DistributionId, string Id);

public sealed record GetInvalidationResponse(Invalidation Invalidation);

/// <summary>The CloudFront operations the pipeline uses, shaped like AWSSDK.CloudFront's IAmazonCloudFront.</summary>
public interface ICloudFrontClient : IDisposable
{
    Task<CreateInvalidationResponse> CreateInvalidationAsync(CreateInvalidationRequest request, CancellationToken cancellationToken = default);

    Task<GetInvalidationResponse> GetInvalidationAsync(GetInvalidationRequest request, CancellationToken cancellationToken = default);
}

/// <summary>An origin of a distribution (Origin): S3 when it has S3OriginConfig, custom (an HTTP server such as an ALB) otherwise.</summary>
public sealed record DistributionOrigin(
    string Id,
    string DomainName,
    string OriginPath,
    bool IsS3,
    string? ProtocolPolicy,
    int HttpPort,
    int HttpsPort,
    IReadOnlyDictionary<string, string> CustomHeaders);

/// <summary>A cache behaviour: PathPattern null for the default behaviour.</summary>
public sealed record DistributionBehavior(string? PathPattern, string TargetOriginId, IReadOnlyList<string> AllowedMethods);

/// <summary>CustomErrorResponse: the origin's ErrorCode is answered with ResponsePagePath and ResponseCode (both optional in AWS).</summary>
public sealed record DistributionErrorResponse(int ErrorCode, string? ResponsePagePath, int? ResponseCode);

/// <summary>What GetDistribution answers that a stand-in for CloudFront needs to serve like it.</summary>
public sealed record DistributionView(
    string Id,
    string Arn,
    string DomainName,
    bool Enabled,
    string DefaultRootObject,
    string? WebAclId,
    IReadOnlyList<DistributionOrigin> Origins,
    DistributionBehavior DefaultBehavior,
    IReadOnlyList<DistributionBehavior> OrderedBehaviors,
    IReadOnlyList<DistributionErrorResponse> ErrorResponses);
