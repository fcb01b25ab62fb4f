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

    /// <summary>The DistributionConfig members <see cref="ParseDistribution"/> reads, per botocore cloudfront shape (wire-model tests).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ReadShapes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["Distribution"] = ["Id", "ARN", "DomainName", "DistributionConfig"],
        ["DistributionConfig"] = ["Enabled", "DefaultRootObject", "WebACLId", "Origins", "DefaultCacheBehavior", "CacheBehaviors", "CustomErrorResponses"],
        ["Origin"] = ["Id", "DomainName", "OriginPath", "CustomHeaders", "S3OriginConfig", "CustomOriginConfig"],
        ["CustomOriginConfig"] = ["HTTPPort", "HTTPSPort", "OriginProtocolPolicy"],
        ["OriginCustomHeader"] = ["HeaderName", "HeaderValue"],
        ["DefaultCacheBehavior"] = ["TargetOriginId", "AllowedMethods"],
        ["CacheBehavior"] = ["PathPattern", "TargetOriginId", "AllowedMethods"],
        ["CustomErrorResponse"] = ["ErrorCode", "ResponsePagePath", "ResponseCode"],
    };

    /// <summary>GetDistribution: the distribution's ARN, domain and configuration.</summary>
    public async Task<DistributionView> GetDistributionAsync(string distributionId, CancellationToken cancellationToken = default)
    {
        var (_, body, response) = await http.SendAsync("GetDistribution",
            () => new HttpRequestMessage(HttpMethod.Get, DistributionPath(distributionId)), cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return ParseDistribution(body);
    }

    public static DistributionView ParseDistribution(string body)
    {
        var root = XDocument.Parse(body).Root ?? throw new FormatException("CloudFront answered an empty document");
        var config = Child(root, "DistributionConfig");
        var origins = Items(Find(config, "Origins")).Select(o =>
        {
            var custom = Find(o, "CustomOriginConfig");
            var headers = Items(Find(o, "CustomHeaders"))
                .GroupBy(h => Value(h, "HeaderName"), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => Value(g.Last(), "HeaderValue"), StringComparer.OrdinalIgnoreCase);
            return new DistributionOrigin(Value(o, "Id"), Value(o, "DomainName"), Value(o, "OriginPath"), custom is null,
                custom is null ? null : Value(custom, "OriginProtocolPolicy"), Number(custom, "HTTPPort") ?? 80, Number(custom, "HTTPSPort") ?? 443, headers);
        }).ToList();
        var errors = Items(Find(config, "CustomErrorResponses"))
            .Select(e => new DistributionErrorResponse(Number(e, "ErrorCode") ?? 0, Value(e, "ResponsePagePath") is { Length: > 0 } page ? page : null, Number(e, "ResponseCode")))
            .ToList();
        return new DistributionView(Value(root, "Id"), Value(root, "ARN"), Value(root, "DomainName"),
            !string.Equals(Value(config, "Enabled"), "false", StringComparison.OrdinalIgnoreCase),
            Value(config, "DefaultRootObject"), Value(config, "WebACLId") is { Length: > 0 } acl ? acl : null,
            origins, Behavior(Child(config, "DefaultCacheBehavior")), Items(Find(config, "CacheBehaviors")).Select(Behavior).ToList(), errors);

        static DistributionBehavior Behavior(XElement b) => new(Value(b, "PathPattern") is { Length: > 0 } pattern ? pattern : null, Value(b, "TargetOriginId"),
            Items(Find(b, "AllowedMethods")).Select(m => m.Value).ToList());
    }

    public void Dispose() => http.Dispose();

    private static XElement? Find(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The children of a list's Items (empty when the list or its Items is missing, as moto and AWS answer an empty list).</summary>
    private static IEnumerable<XElement> Items(XElement? list) => Find(list, "Items")?.Elements() ?? [];

    private static string Value(XElement? parent, string name) => Find(parent, name)?.Value ?? string.Empty;

    private static int? Number(XElement? parent, string name) =>
        int.TryParse(Value(parent, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string DistributionPath(string distributionId) => $"/{ApiVersion}/distribution/{Uri.EscapeDataString(distributionId)}";

    // Namespace-agnostic: moto and AWS differ in where they put the namespace.
    private static XElement Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)
        ?? throw new FormatException($"CloudFront answer has no <{name}> in <{parent.Name.LocalName}>");
}
