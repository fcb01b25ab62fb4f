using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>Reads what the edge serves from the control plane: GetDistribution, then the ALB its custom origin names.</summary>
public static class EdgeSiteReader
{
    public static async Task<EdgeSite> ReadAsync(CloudFrontClient cloudFront, IElbv2Client elbv2, string distributionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudFront);
        ArgumentNullException.ThrowIfNull(elbv2);
        var distribution = await cloudFront.GetDistributionAsync(distributionId, cancellationToken).ConfigureAwait(false);
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
