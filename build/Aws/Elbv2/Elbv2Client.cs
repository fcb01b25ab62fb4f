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

/// <summary>Elastic Load Balancing v2, shaped like AWSSDK.ElasticLoadBalancingV2 (not served by our registry).</summary>
public interface IElbv2Client : IDisposable
{
    /// <summary>DescribeTargetGroups by ARN; an ARN that does not exist fails the call with TargetGroupNotFound, as in AWS.</summary>
    Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken = default);

    /// <summary>DescribeLoadBalancers: every load balancer of the account and region (all pages).</summary>
    Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(CancellationToken cancellationToken = default);

    /// <summary>DescribeListeners of one load balancer (all pages).</summary>
    Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default);

    /// <summary>DescribeRules of one listener, the default rule included (all pages).</summary>
    Task<IReadOnlyList<ListenerRule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default);

    /// <summary>DescribeTargetGroupAttributes: key to value (deregistration_delay.timeout_seconds, ...).</summary>
    Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default);

    /// <summary>DescribeTargetHealth: the registered targets.</summary>
    Task<IReadOnlyList<TargetHealthEntry>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default);

    /// <summary>RegisterTargets (idempotent: registering a registered target changes nothing).</summary>
    Task RegisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetAddress> targets, CancellationToken cancellationToken = default);

    /// <summary>DeregisterTargets (idempotent for targets that are registered; AWS refuses unknown ones with InvalidTarget).</summary>
    Task DeregisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetAddress> targets, CancellationToken cancellationToken = default);
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

    /// <summary>Per shape of botocore's elbv2 model, the members the parsers read (checked by the wire-model tests).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ReadShapes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["LoadBalancer"] = ["LoadBalancerArn", "LoadBalancerName", "DNSName"],
        ["Listener"] = ["ListenerArn", "Port", "Protocol", "DefaultActions"],
        ["Rule"] = ["RuleArn", "Priority", "Conditions", "Actions", "IsDefault"],
        ["RuleCondition"] = ["Field", "Values", "PathPatternConfig", "HttpHeaderConfig", "HostHeaderConfig"],
        ["HttpHeaderConditionConfig"] = ["HttpHeaderName", "Values"],
        ["Action"] = ["Type", "TargetGroupArn", "FixedResponseConfig", "RedirectConfig", "ForwardConfig"],
        ["FixedResponseActionConfig"] = ["StatusCode", "ContentType", "MessageBody"],
        ["RedirectActionConfig"] = ["StatusCode"],
        ["ForwardActionConfig"] = ["TargetGroups"],
        ["TargetGroupTuple"] = ["TargetGroupArn"],
        ["TargetHealthDescription"] = ["Target", "TargetHealth"],
        ["TargetDescription"] = ["Id", "Port"],
        ["TargetHealth"] = ["State"],
        ["TargetGroupAttribute"] = ["Key", "Value"],
    };

    private readonly AwsHttpClient _http = new(settings, "elasticloadbalancing", "elasticloadbalancing", retry, onRetry, innerHandler);

    public async Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(CancellationToken cancellationToken = default) =>
        (await PagesAsync("DescribeLoadBalancers", [], "LoadBalancers", cancellationToken).ConfigureAwait(false))
        .Select(m => new LoadBalancer(Text(m, "LoadBalancerArn"), Text(m, "LoadBalancerName"), Text(m, "DNSName")))
        .ToList();

    public async Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
        (await PagesAsync("DescribeListeners", [new("LoadBalancerArn", loadBalancerArn)], "Listeners", cancellationToken).ConfigureAwait(false))
        .Select(m => new Listener(Text(m, "ListenerArn"), Number(m, "Port"), Text(m, "Protocol"), Actions(Child(m, "DefaultActions"))))
        .ToList();

    public async Task<IReadOnlyList<ListenerRule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
        (await PagesAsync("DescribeRules", [new("ListenerArn", listenerArn)], "Rules", cancellationToken).ConfigureAwait(false))
        .Select(m => new ListenerRule(Text(m, "RuleArn"), Text(m, "Priority"), Members(Child(m, "Conditions")).Select(Condition).ToList(),
            Actions(Child(m, "Actions")), string.Equals(Text(m, "IsDefault"), "true", StringComparison.OrdinalIgnoreCase)))
        .ToList();

    public async Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default)
    {
        var body = await CallAsync("DescribeTargetGroupAttributes", [new("TargetGroupArn", targetGroupArn)], cancellationToken).ConfigureAwait(false);
        return Members(Descendant(XDocument.Parse(body).Root!, "Attributes"))
            .GroupBy(m => Text(m, "Key"), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Text(g.Last(), "Value"), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<TargetHealthEntry>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default)
    {
        var body = await CallAsync("DescribeTargetHealth", [new("TargetGroupArn", targetGroupArn)], cancellationToken).ConfigureAwait(false);
        return Members(Descendant(XDocument.Parse(body).Root!, "TargetHealthDescriptions"))
            .Select(m => new TargetHealthEntry(Text(Child(m, "Target"), "Id"), Number(Child(m, "Target"), "Port"), Text(Child(m, "TargetHealth"), "State")))
            .ToList();
    }

    public Task RegisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetAddress> targets, CancellationToken cancellationToken = default) =>
        CallAsync("RegisterTargets", TargetForm(targetGroupArn, targets), cancellationToken);

    public Task DeregisterTargetsAsync(string targetGroupArn, IReadOnlyList<TargetAddress> targets, CancellationToken cancellationToken = default) =>
        CallAsync("DeregisterTargets", TargetForm(targetGroupArn, targets), cancellationToken);

    private static List<KeyValuePair<string, string>> TargetForm(string targetGroupArn, IReadOnlyList<TargetAddress> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var form = new List<KeyValuePair<string, string>> { new("TargetGroupArn", targetGroupArn) };
        for (var i = 0; i < targets.Count; i++)
        {
            form.Add(new($"Targets.member.{i + 1}.Id", targets[i].Id));
            form.Add(new($"Targets.member.{i + 1}.Port", targets[i].Port.ToString(CultureInfo.InvariantCulture)));
        }

        return form;
    }

    /// <summary>Every page of a Describe call: NextMarker in the answer goes back as Marker.</summary>
    private async Task<List<XElement>> PagesAsync(string action, List<KeyValuePair<string, string>> parameters, string listName, CancellationToken cancellationToken)
    {
        var members = new List<XElement>();
        string? marker = null;
        do
        {
            var form = marker is null ? parameters : [.. parameters, new("Marker", marker)];
            var root = XDocument.Parse(await CallAsync(action, form, cancellationToken).ConfigureAwait(false)).Root!;
            members.AddRange(Members(Descendant(root, listName)));
            marker = Descendant(root, "NextMarker")?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);

        return members;
    }

    private async Task<string> CallAsync(string action, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", ApiVersion) };
        form.AddRange(parameters);
        var (_, body, response) = await _http.SendAsync(action,
            () => new HttpRequestMessage(HttpMethod.Post, string.Empty) { Content = new FormUrlEncodedContent(form) },
            cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return body;
    }

    private static RuleCondition Condition(XElement member)
    {
        var field = Text(member, "Field");
        var typed = field switch
        {
            "path-pattern" => Child(member, "PathPatternConfig"),
            "http-header" => Child(member, "HttpHeaderConfig"),
            "host-header" => Child(member, "HostHeaderConfig"),
            _ => null,
        };
        var values = Values(typed) is { Count: > 0 } configured ? configured : Values(member);
        return new RuleCondition(field, values, field == "http-header" ? Text(typed, "HttpHeaderName") : null);

        static List<string> Values(XElement? parent) => Members(Child(parent, "Values")).Select(v => v.Value).ToList();
    }

    private static List<ListenerAction> Actions(XElement? list) =>
        Members(list).Select(m =>
        {
            var fixedConfig = Child(m, "FixedResponseConfig");
            var forward = Text(m, "TargetGroupArn") is { Length: > 0 } arn ? arn
                : Members(Child(Child(m, "ForwardConfig"), "TargetGroups")).Select(t => Text(t, "TargetGroupArn")).FirstOrDefault(a => a.Length > 0);
            return new ListenerAction(Text(m, "Type"), forward,
                fixedConfig is null ? null : new FixedResponse(Text(fixedConfig, "StatusCode"), NullIfEmpty(Text(fixedConfig, "ContentType")), NullIfEmpty(Text(fixedConfig, "MessageBody"))),
                NullIfEmpty(Text(Child(m, "RedirectConfig"), "StatusCode")));
        }).ToList();

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static XElement? Descendant(XElement root, string name) => root.Descendants().FirstOrDefault(e => e.Name.LocalName == name);

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Members(XElement? list) => list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    private static string Text(XElement? parent, string name) => Child(parent, name)?.Value ?? string.Empty;

    private static int Number(XElement? parent, string name) => int.TryParse(Text(parent, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

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
