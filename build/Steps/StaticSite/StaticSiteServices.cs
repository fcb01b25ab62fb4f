using Amazon.S3;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.S3;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>Makes the S3 and CloudFront clients for an environment's AWS settings (real AWS or the local cloud).</summary>
public interface IStaticSiteClients
{
    IAmazonS3 CreateS3(AwsSettings aws, int maxConnections);

    ICloudFrontClient CreateCloudFront(AwsSettings aws, Action<string>? onRetry);
}

public sealed class StaticSiteClients : IStaticSiteClients
{
    public IAmazonS3 CreateS3(AwsSettings aws, int maxConnections) => S3ClientFactory.Create(aws, maxConnections);

    public ICloudFrontClient CreateCloudFront(AwsSettings aws, Action<string>? onRetry) => new CloudFrontClient(aws, onRetry);
}

public static class StaticSiteServiceRegistration
{
    public static IServiceCollection AddStaticSiteServices(this IServiceCollection services)
    {
        services.AddSingleton<IStaticSiteClients, StaticSiteClients>();
        return services;
    }
}
