using Amazon.Runtime;
using Amazon.S3;

namespace Deploy.Build.Aws;

/// <summary>AWSSDK.S3 clients for an environment: the regional endpoint, or the local cloud's (path style).</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(AwsSettings aws, int maxErrorRetry = 8, int maxConnections = 64)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var config = new AmazonS3Config
        {
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
            Timeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = maxConnections,
        };
        if (aws.EndpointOverride is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = aws.Region;
        }
        else
        {
            config.RegionEndpoint = aws.RegionEndpoint;
        }

        return new AmazonS3Client(aws.Credentials(), config);
    }
}
