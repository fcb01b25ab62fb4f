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
