using System.Globalization;
using System.Xml.Linq;

namespace Deploy.Build.Aws.Elbv2;

/// <summary>A target group's health check, as Elastic Load Balancing runs it (botocore elbv2 2015-12-01 TargetGroup).</summary>
public sealed record TargetGroupHealthCheck(
    bool Enabled,
    string Protocol,
    string Port,
    string Path,
    string Matcher,
    int IntervalSeconds,
    int TimeoutSeconds,
    int HealthyThreshold,
    int UnhealthyThreshold);

/// <summary>A target group (the fields the pipeline reads).</summary>
public sealed record TargetGroup(string Arn, string Name, string Protocol, int Port, string TargetType, TargetGroupHealthCheck HealthCheck);

/// <summary>Elastic Load Balancing v2 reads, shaped like AWSSDK.ElasticLoadBalancingV2 (not served by our registry).</summary>
public interface IElbv2Client : IDisposable
{
    /// <summary>DescribeTargetGroups by ARN; an ARN that does not exist fails the call with TargetGroupNotFound, as in AWS.</summary>
    Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken = default);
}

/// <summary>Elastic Load Balancing v2 over the query protocol (form POST, XML answer), signed by the SDK's SigV4 handler.</summary>
public sealed class Elbv2Client(AwsSettings settings, AwsRetry.Options? retry = null, Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null)
    : IElbv2Client
{
    public const string ApiVersion = "2015-12-01";

    /// <summary>DescribeTargetGroups takes at most 20 ARNs per call (PageSize and ARN list limit).</summary>
    private const int MaxArnsPerCall = 20;

    /// <summary>The TargetGroup members the parser reads (checked against botocore's model by the wire-model tests).</summary>
    public static readonly IReadOnlyList<string> ReadFields =
    [
        "TargetGroupArn", "TargetGroupName", "Protocol", "Port", "TargetType", "HealthCheckEnabled", "HealthCheckProtocol", "HealthCheckPort",
        "HealthCheckPath", "Matcher", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount",
    ];

    private readonly AwsHttpClient _http = new(settings, "elasticloadbalancing", "elasticloadbalancing", retry, onRetry, innerHandler);

    public async Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arns);
        var groups = new List<TargetGroup>();
        foreach (var chunk in arns.Distinct(StringComparer.Ordinal).Chunk(MaxArnsPerCall))
        {
            var form = new List<KeyValuePair<string, string>> { new("Action", "DescribeTargetGroups"), new("Version", ApiVersion) };
            form.AddRange(chunk.Select((arn, i) => new KeyValuePair<string, string>($"TargetGroupArns.member.{i + 1}", arn)));
            var (_, body, response) = await _http.SendAsync("DescribeTargetGroups",
                () => new HttpRequestMessage(HttpMethod.Post, string.Empty) { Content = new FormUrlEncodedContent(form) },
                cancellationToken).ConfigureAwait(false);
            response.Dispose();
            groups.AddRange(ParseTargetGroups(body));
        }

        return groups;
    }

    /// <summary>Reads DescribeTargetGroupsResponse/DescribeTargetGroupsResult/TargetGroups/member.</summary>
    public static IReadOnlyList<TargetGroup> ParseTargetGroups(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        var groups = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "TargetGroups");
        return groups is null ? [] : groups.Elements().Where(e => e.Name.LocalName == "member").Select(Parse).ToList();

        static TargetGroup Parse(XElement member)
        {
            string Text(string name, string fallback = "") => member.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? fallback;
            int Number(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var matcher = member.Elements().FirstOrDefault(e => e.Name.LocalName == "Matcher")?.Elements().FirstOrDefault(e => e.Name.LocalName == "HttpCode")?.Value ?? "200";
            var health = new TargetGroupHealthCheck(
                !string.Equals(Text("HealthCheckEnabled", "true"), "false", StringComparison.OrdinalIgnoreCase),
                Text("HealthCheckProtocol", Text("Protocol")),
                Text("HealthCheckPort", "traffic-port"),
                Text("HealthCheckPath", "/"),
                matcher,
                Number("HealthCheckIntervalSeconds"),
                Number("HealthCheckTimeoutSeconds"),
                Number("HealthyThresholdCount"),
                Number("UnhealthyThresholdCount"));
            return new TargetGroup(Text("TargetGroupArn"), Text("TargetGroupName"), Text("Protocol"), Number("Port"), Text("TargetType", "instance"), health);
        }
    }

    public void Dispose() => _http.Dispose();
}
