using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Deploy.Build.Aws;

/// <summary>
/// Where and as whom the pipeline talks to AWS. AWS environments use the region's real endpoints and
/// the SDK's default credentials chain (env, profile, SSO, web identity for GitHub OIDC); the local
/// cloud differs only in the endpoint (moto) and static test credentials.
/// </summary>
public sealed record AwsSettings(string Region, Uri? EndpointOverride, Func<AWSCredentials> Credentials)
{
    public RegionEndpoint RegionEndpoint => RegionEndpoint.GetBySystemName(Region);

    public bool IsLocal => EndpointOverride is not null;

    public static AwsSettings ForAws(string region) =>
        new(region, null, () => new DeferredCredentials(() => DefaultAWSCredentialsIdentityResolver.GetCredentials()));

    /// <summary>moto accepts any credentials; these are fixed so nothing real is ever sent to it.</summary>
    public static AwsSettings ForLocal(string region, Uri endpoint) =>
        new(region, endpoint, () => new BasicAWSCredentials("test", "test"));

    /// <summary>The endpoint to call: the override, or the service's regional (or, for CloudFront, global) endpoint.</summary>
    public Uri EndpointFor(string hostPrefix) =>
        EndpointOverride ?? new Uri(hostPrefix == "cloudfront"
            ? "https://cloudfront.amazonaws.com/"
            : $"https://{hostPrefix}.{Region}.amazonaws.com/");
}

/// <summary>
/// Credentials resolved on first use, not when a client is built: a dry run or a task that is skipped never
/// needs them, and a missing profile is reported by Preflight's STS check, in one line, instead.
/// </summary>
public sealed class DeferredCredentials(Func<AWSCredentials> resolve) : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _inner = new(resolve);

    public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
}
