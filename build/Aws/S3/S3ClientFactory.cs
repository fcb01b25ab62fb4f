using Amazon.Runtime;
using Amazon.S3;

namespace Deploy.Build.Aws.S3;

/// <summary>The one place S3 clients are made: real regional endpoints on AWS, path-style on the local cloud's endpoint.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(AwsSettings aws, int maxConnections = 64)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 8,
            MaxConnectionsPerServer = maxConnections,
            Timeout = TimeSpan.FromMinutes(5),

            // The sync engine sends Content-MD5 itself; the SDK's default trailing CRC would hash every body twice.
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
