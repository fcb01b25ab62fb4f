using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Wafv2;

namespace Deploy.Build.LocalCloud.Edge;

/// <summary>
/// What the local edge serves, as read from the control plane: the distribution Terraform created, the load balancer
/// its custom origin names (listener, rules by priority, target groups and their registered targets), and the bucket of
/// its S3 origin. Built by <see cref="EdgeSiteReader"/>, rendered by <see cref="NginxEdgeConfig"/>.
/// </summary>
public sealed record EdgeSite(DistributionView Distribution, AlbSite? LoadBalancer, WafSite? WebAcl = null);

/// <summary>The distribution's web ACL and the addresses of each IP set its rules reference (by ARN).</summary>
public sealed record WafSite(WebAcl Acl, IReadOnlyDictionary<string, IReadOnlyList<string>> IpSets);

/// <summary>The ALB behind the distribution: one listener, its rules (default last), each target group's registered ports on loopback.</summary>
public sealed record AlbSite(
    LoadBalancer LoadBalancer,
    Listener Listener,
    IReadOnlyList<ListenerRule> Rules,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Targets);

/// <summary>Where the edge listens and what stands behind it.</summary>
/// <param name="EdgePort">The CloudFront stand-in's port (LOCAL_CLOUD_EDGE_PORT, 8080).</param>
/// <param name="AlbPort">The ALB stand-in's port (LOCAL_CLOUD_ALB_PORT, 8081).</param>
/// <param name="S3Endpoint">Where S3 origins are read (moto).</param>
/// <param name="Directory">nginx's prefix: logs, pid, temp folders.</param>
public sealed record EdgeListen(int EdgePort, int AlbPort, Uri S3Endpoint, string Directory);
