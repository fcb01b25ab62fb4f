using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Deploy.Build.Aws.CloudFront;

/// <summary>CloudFront's REST-XML API for invalidations, signed (us-east-1, "cloudfront") by <see cref="AwsHttpClient"/>.</summary>
public sealed class CloudFrontClient(AwsHttpClient http) : ICloudFrontClient, IDisposable
{
    public const string ApiVersion = "2020-05-31";

    public static readonly XNamespace Ns = $"http://cloudfront.amazonaws.com/doc/{ApiVersion}/";

    public CloudFrontClient(AwsSettings settings, Action<string>? onRetry = null)
        : this(new AwsHttpClient(settings, "cloudfront", "cloudfront", onRetry: onRetry))
    {
    }

    public async Task<CreateInvalidationResponse> CreateInvalidationAsync(CreateInvalidationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batch = request.InvalidationBatch;
        var xml = new XElement(Ns + "InvalidationBatch",
            new XElement(Ns + "Paths",
                new XElement(Ns + "Quantity", batch.Paths.Quantity),
                new XElement(Ns + "Items", batch.Paths.Items.Select(p => new XElement(Ns + "Path", p)))),
            new XElement(Ns + "CallerReference", batch.CallerReference));
        var payload = Encoding.UTF8.GetBytes(new XDocument(new XDeclaration("1.0", "UTF-8", null), xml).ToString());
        var (_, body, response) = await http.SendAsync("CreateInvalidation", () => new HttpRequestMessage(HttpMethod.Post, DistributionPath(request.DistributionId) + "/invalidation")
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/xml") } },
        }, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            return new CreateInvalidationResponse(ParseInvalidation(body), response.Headers.Location);
        }
    }

    public async Task<GetInvalidationResponse> GetInvalidationAsync(GetInvalidationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, body, response) = await http.SendAsync("GetInvalidation",
            () => new HttpRequestMessage(HttpMethod.Get, DistributionPath(request.DistributionId) + "/invalidation/" + Uri.EscapeDataString(request.Id)),
            cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return new GetInvalidationResponse(ParseInvalidation(body));
    }

    public static Invalidation ParseInvalidation(string body)
    {
        var root = XDocument.Parse(body).Root ?? throw new FormatException("CloudFront answered an empty document");
        var batch = Child(root, "InvalidationBatch");
        var paths = Child(Child(batch, "Paths"), "Items").Elements().Select(e => e.Value).ToList();
        var created = Child(root, "CreateTime").Value;
        return new Invalidation(
            Child(root, "Id").Value,
            Child(root, "Status").Value,
            DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue,
            new InvalidationBatch(Child(batch, "CallerReference").Value, new InvalidationPaths(paths)));
    }

    public void Dispose() => http.Dispose();

    private static string DistributionPath(string distributionId) => $"/{ApiVersion}/distribution/{Uri.EscapeDataString(distributionId)}";

    // Namespace-agnostic: moto and AWS differ in where they put the namespace.
    private static XElement Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)
        ?? throw new FormatException($"CloudFront answer has no <{name}> in <{parent.Name.LocalName}>");
}
