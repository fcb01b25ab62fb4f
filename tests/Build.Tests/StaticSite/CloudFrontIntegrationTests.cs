using System.Text;
using System.Xml.Linq;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.StaticSite;

/// <summary>The REST-XML CloudFront client against moto: a distribution made through the API, invalidated and waited on.</summary>
[Trait("Category", "Integration")]
public sealed class CloudFrontIntegrationTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private AwsSettings Settings(Uri endpoint) => AwsSettings.ForLocal("ap-northeast-1", endpoint);

    private static async Task<string> CreateDistributionAsync(AwsHttpClient http)
    {
        var ns = CloudFrontClient.Ns;
        var config = new XElement(ns + "DistributionConfig",
            new XElement(ns + "CallerReference", Guid.NewGuid().ToString("N")),
            new XElement(ns + "Comment", "static site test"),
            new XElement(ns + "Enabled", "true"),
            new XElement(ns + "DefaultRootObject", "index.html"),
            new XElement(ns + "Origins",
                new XElement(ns + "Quantity", 1),
                new XElement(ns + "Items", new XElement(ns + "Origin",
                    new XElement(ns + "Id", "assets"),
                    new XElement(ns + "DomainName", "assets.s3.ap-northeast-1.amazonaws.com"),
                    new XElement(ns + "S3OriginConfig", new XElement(ns + "OriginAccessIdentity", string.Empty))))),
            new XElement(ns + "DefaultCacheBehavior",
                new XElement(ns + "TargetOriginId", "assets"),
                new XElement(ns + "ViewerProtocolPolicy", "redirect-to-https"),
                new XElement(ns + "CachePolicyId", "658327ea-f89d-4fab-a63d-7e88639e58f6")));
        var payload = Encoding.UTF8.GetBytes(config.ToString());
        var (_, body, response) = await http.SendAsync("CreateDistribution", () => new HttpRequestMessage(HttpMethod.Post, $"/{CloudFrontClient.ApiVersion}/distribution")
        {
            Content = new ByteArrayContent(payload),
        }, default);
        response.Dispose();
        return XDocument.Parse(body).Root!.Elements().First(e => e.Name.LocalName == "Id").Value;
    }

    [SkippableFact]
    public async Task Invalidates_the_changed_paths_and_waits_for_completion()
    {
        using var http = new AwsHttpClient(Settings(new Uri(moto.Endpoint)), "cloudfront", "cloudfront");
        var distribution = await CreateDistributionAsync(http);
        await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.None);
        using var cloudFront = new CloudFrontClient(Settings(proxy.Endpoint));
        var paths = CdnPaths.For(["index.html"], 15);

        var invalidation = await new CdnInvalidator(cloudFront).InvalidateAsync(distribution, paths, "v1", new InvalidationOptions(Wait: TimeSpan.FromMinutes(1)));
        var fetched = await cloudFront.GetInvalidationAsync(new GetInvalidationRequest(distribution, invalidation.Id));

        Assert.True(invalidation.IsCompleted); // moto says COMPLETED
        Assert.Equal(["/", "/index.html"], fetched.Invalidation.InvalidationBatch.Paths.Items.Order(StringComparer.Ordinal));
        Assert.Equal(CdnInvalidator.CallerReference("v1", paths), fetched.Invalidation.InvalidationBatch.CallerReference);
        Assert.Single(proxy.Mutations);
        Assert.Equal($"/2020-05-31/distribution/{distribution}/invalidation", proxy.Mutations[0].Path);
    }

    [SkippableFact]
    public async Task An_unknown_distribution_is_a_typed_error()
    {
        using var cloudFront = new CloudFrontClient(Settings(new Uri(moto.Endpoint)));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            cloudFront.CreateInvalidationAsync(new CreateInvalidationRequest("ENOPE", new InvalidationBatch("r", new InvalidationPaths(["/a"])))));
        Assert.Equal("NoSuchDistribution", error.ErrorCode);
    }
}
