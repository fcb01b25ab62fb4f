using System.Globalization;
using Deploy.Build.Aws.Elbv2;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>
/// How the data plane decides a container is healthy: its target group's health check (path, matcher, timeout, interval,
/// thresholds), as the ALB runs it; a service with no load balancer is checked on deploy.yml's health path.
/// </summary>
public sealed record TargetHealthCheck(string Path, string Matcher, TimeSpan Timeout, TimeSpan Interval, int HealthyThreshold, int UnhealthyThreshold, string Source)
{
    /// <summary>A service without a target group: one 200 on its health path, polled twice a second.</summary>
    public static TargetHealthCheck Container(string path) =>
        new(path, "200", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500), 1, int.MaxValue, "the service's health path (no target group)");

    public static TargetHealthCheck From(TargetGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var health = group.HealthCheck;
        return new TargetHealthCheck(health.Path, health.Matcher,
            TimeSpan.FromSeconds(health.TimeoutSeconds > 0 ? health.TimeoutSeconds : 5),
            TimeSpan.FromSeconds(health.IntervalSeconds > 0 ? health.IntervalSeconds : 30),
            Math.Max(1, health.HealthyThreshold), Math.Max(1, health.UnhealthyThreshold),
            $"target group {group.Name}");
    }

    /// <summary>Whether an HTTP status satisfies the matcher: "200", "200,202" or "200-299" (ELB's HttpCode syntax).</summary>
    public bool Accepts(int status) => Matches(Matcher, status);

    public static bool Matches(string matcher, int status)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        foreach (var part in matcher.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', 2);
            if (int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                && int.TryParse(range.Length == 2 ? range[1] : range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                && status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    public string Describe() => $"GET {Path} (matcher {Matcher}, {HealthyThreshold} in a row every {Interval.TotalSeconds:0.#} s, from {Source})";
}

/// <summary>A service's target group on the local data plane: its health check and how long a deregistered target drains.</summary>
public sealed record ServiceTargetGroup(string Arn, string Name, TargetHealthCheck HealthCheck, TimeSpan DeregistrationDelay);

/// <summary>
/// The data plane's side of the load balancer, as ECS does it for a service with a target group: register a task once it
/// is healthy, deregister it before it stops and wait the deregistration delay (draining), and tell the edge each time.
/// Calls go as the account owner, as ECS's service-linked role registers targets in AWS.
/// </summary>
public sealed class LocalLoadBalancing(IElbv2Client elbv2, Func<CancellationToken, Task> targetsChanged, Action<string> log) : IDisposable
{
    public async Task<ServiceTargetGroup?> ForServiceAsync(IReadOnlyList<Aws.Ecs.EcsLoadBalancer>? loadBalancers, string containerName,
        CancellationToken cancellationToken)
    {
        var entry = loadBalancers?.FirstOrDefault(l => l.TargetGroupArn is not null && (l.ContainerName is null || l.ContainerName == containerName));
        if (entry?.TargetGroupArn is not { } arn)
        {
            return null;
        }

        var group = (await elbv2.DescribeTargetGroupsAsync([arn], cancellationToken).ConfigureAwait(false)).Single();
        var attributes = await elbv2.DescribeTargetGroupAttributesAsync(arn, cancellationToken).ConfigureAwait(false);
        var delay = attributes.TryGetValue("deregistration_delay.timeout_seconds", out var text)
                    && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 300;
        return new ServiceTargetGroup(arn, group.Name, TargetHealthCheck.From(group), TimeSpan.FromSeconds(delay));
    }

    public async Task RegisterAsync(ServiceTargetGroup group, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(ports);
        if (ports.Count == 0)
        {
            return;
        }

        await elbv2.RegisterTargetsAsync(group.Arn, Targets(ports), cancellationToken).ConfigureAwait(false);
        log($"{group.Name}: registered {string.Join(", ", ports.Select(p => $"127.0.0.1:{p}"))}");
        await targetsChanged(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deregisters, tells the edge, then waits the deregistration delay so requests in flight finish.</summary>
    public async Task DrainAsync(ServiceTargetGroup group, IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(ports);
        if (ports.Count == 0)
        {
            return;
        }

        var registered = (await elbv2.DescribeTargetHealthAsync(group.Arn, cancellationToken).ConfigureAwait(false))
            .Where(t => t.State != "draining").Select(t => t.Port).ToHashSet();
        var leaving = ports.Where(registered.Contains).ToList();
        if (leaving.Count == 0)
        {
            return;
        }

        await elbv2.DeregisterTargetsAsync(group.Arn, Targets(leaving), cancellationToken).ConfigureAwait(false);
        await targetsChanged(cancellationToken).ConfigureAwait(false);
        log($"{group.Name}: draining {string.Join(", ", leaving.Select(p => $"127.0.0.1:{p}"))} for {group.DeregistrationDelay.TotalSeconds:0} s (deregistration delay)");
        await Task.Delay(group.DeregistrationDelay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the edge to read the control plane again (routes may have changed with no target moving).</summary>
    public Task SyncRoutingAsync(CancellationToken cancellationToken) => targetsChanged(cancellationToken);

    public void Dispose() => elbv2.Dispose();

    private static List<TargetAddress> Targets(IEnumerable<int> ports) => ports.Select(p => new TargetAddress(LocalCloudSettings.Host, p)).ToList();
}
