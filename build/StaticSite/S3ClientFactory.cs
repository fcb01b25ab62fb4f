using Amazon.Runtime;
using Amazon.S3;
using Deploy.Build.Aws;

namespace Deploy.Build.StaticSite;

/// <summary>The one place S3 clients are made: real regional endpoints on AWS, path-style on the local cloud's endpoint.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(AwsSettings aws, int maxConnections = Configuration.StaticSiteConfig.DefaultUploadConcurrency)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 5,
            MaxConnectionsPerServer = maxConnections,
            Timeout = TimeSpan.FromMinutes(5),

            // We send Content-MD5 ourselves; the SDK's default trailing CRC would hash every body twice.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
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
