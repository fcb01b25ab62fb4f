using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Wafv2;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// Reads what the edge serves from the control plane: GetDistribution, its web ACL (GetWebACL, and GetIPSet for each
/// IP set a rule references), then the ALB its custom origin names.
/// </summary>
public static class EdgeSiteReader
{
    public static async Task<EdgeSite> ReadAsync(CloudFrontClient cloudFront, IElbv2Client elbv2, IWafv2Client wafv2, string distributionId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudFront);
        ArgumentNullException.ThrowIfNull(elbv2);
        var distribution = await cloudFront.GetDistributionAsync(distributionId, cancellationToken).ConfigureAwait(false);
        var site = await AlbAsync(distribution, elbv2, cancellationToken).ConfigureAwait(false);
        return site with { WebAcl = await WebAclAsync(distribution.WebAclId, wafv2, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The distribution's WAFv2 web ACL and its IP sets' addresses; null without one.</summary>
    public static async Task<WafSite?> WebAclAsync(string? webAclArn, IWafv2Client wafv2, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wafv2);
        if (webAclArn is null || Wafv2Client.ParseArn(webAclArn) is not { } id)
        {
            return null;
        }

        var acl = (await wafv2.GetWebACLAsync(new GetWebAclRequest(id.Name, id.Scope, id.Id), cancellationToken).ConfigureAwait(false)).WebAcl
                  ?? throw new InvalidOperationException($"the web ACL {webAclArn} of the distribution does not exist");
        var ipSets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var arn in IpSetArns(acl))
        {
            if (Wafv2Client.ParseArn(arn) is { } set
                && (await wafv2.GetIPSetAsync(new GetIpSetRequest(set.Name, set.Scope, set.Id), cancellationToken).ConfigureAwait(false)).IpSet is { } found)
            {
                ipSets[arn] = found.Addresses;
            }
        }

        return new WafSite(acl, ipSets);
    }

    /// <summary>Every IP set ARN the rules reference, at any depth.</summary>
    private static IEnumerable<string> IpSetArns(WebAcl acl) =>
        (acl.Rules ?? []).SelectMany(r => Descendants(r.Statement))
        .Select(s => s["IPSetReferenceStatement"]?["ARN"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal);

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Descendants(System.Text.Json.Nodes.JsonObject node) =>
        new[] { node }.Concat(node.SelectMany(p => p.Value switch
        {
            System.Text.Json.Nodes.JsonObject child => Descendants(child),
            System.Text.Json.Nodes.JsonArray items => items.OfType<System.Text.Json.Nodes.JsonObject>().SelectMany(Descendants),
            _ => [],
        }));

    private static async Task<EdgeSite> AlbAsync(DistributionView distribution, IElbv2Client elbv2, CancellationToken cancellationToken)
    {
        var custom = distribution.Origins.Where(o => !o.IsS3).ToList();
        if (custom.Count == 0)
        {
            return new EdgeSite(distribution, null);
        }

        var balancers = await elbv2.DescribeLoadBalancersAsync(cancellationToken).ConfigureAwait(false);
        var (origin, balancer) = custom
            .Select(o => (Origin: o, Balancer: balancers.FirstOrDefault(b => string.Equals(b.DnsName, o.DomainName, StringComparison.OrdinalIgnoreCase))))
            .FirstOrDefault(p => p.Balancer is not null);
        if (balancer is null)
        {
            return new EdgeSite(distribution, null);
        }

        // The listener CloudFront connects to: the origin's HTTPS port unless its policy is http-only.
        var listeners = await elbv2.DescribeListenersAsync(balancer.Arn, cancellationToken).ConfigureAwait(false);
        var port = origin!.ProtocolPolicy == "http-only" ? origin.HttpPort : origin.HttpsPort;
        var listener = listeners.FirstOrDefault(l => l.Port == port) ?? listeners.FirstOrDefault(l => l.Protocol == "HTTP");
        if (listener is null)
        {
            return new EdgeSite(distribution, null);
        }

        var rules = await elbv2.DescribeRulesAsync(listener.Arn, cancellationToken).ConfigureAwait(false);
        var groups = rules.SelectMany(r => r.Actions).Concat(listener.DefaultActions)
            .Select(a => a.TargetGroupArn).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var targets = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            // Only healthy targets take traffic: the local data plane registers a target once it passed the group's health check.
            var health = await elbv2.DescribeTargetHealthAsync(group, cancellationToken).ConfigureAwait(false);
            targets[group] = health.Where(t => t.Id == LocalCloudSettings.Host && t.State is "healthy" or "initial" or "")
                .Select(t => t.Port).ToList();
        }

        return new EdgeSite(distribution, new AlbSite(balancer, listener, rules, targets));
    }
}
