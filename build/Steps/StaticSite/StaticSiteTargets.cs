using Cake.Core;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>Where static sites go, from the infrastructure outputs: refused in one line when they are missing.</summary>
public static class StaticSiteTargets
{
    public static string RequireBucket(InfraOutputs? outputs) =>
        outputs is { AssetsBucketName.Length: > 0 }
            ? outputs.AssetsBucketName
            : throw new CakeException("No assets bucket: the infrastructure outputs are not loaded (run TerragruntApply first) or lack assets_bucket_name.");

    public static string RequireDistribution(InfraOutputs? outputs) =>
        outputs is { CloudFrontDistributionId.Length: > 0 }
            ? outputs.CloudFrontDistributionId
            : throw new CakeException("No CloudFront distribution: the infrastructure outputs are not loaded (run TerragruntApply first) or lack cloudfront_distribution_id.");
}
