namespace Deploy.Build.Aws.Elbv2;

/// <summary>A load balancer (botocore elbv2 LoadBalancer: LoadBalancerArn, LoadBalancerName, DNSName).</summary>
public sealed record LoadBalancer(string Arn, string Name, string DnsName);

/// <summary>What a listener or rule does with a request (botocore Action): forward to a target group, answer fixed, or redirect.</summary>
public sealed record ListenerAction(string Type, string? TargetGroupArn, FixedResponse? FixedResponse, string? RedirectStatusCode);

/// <summary>FixedResponseActionConfig.</summary>
public sealed record FixedResponse(string StatusCode, string? ContentType, string? MessageBody);

/// <summary>A listener (Listener: ListenerArn, Port, Protocol, DefaultActions).</summary>
public sealed record Listener(string Arn, int Port, string Protocol, IReadOnlyList<ListenerAction> DefaultActions);

/// <summary>
/// One condition of a rule (RuleCondition): Field is path-pattern, http-header, host-header, http-request-method...;
/// Values are the patterns (from the typed config, or the legacy Values list); HeaderName for http-header.
/// </summary>
public sealed record RuleCondition(string Field, IReadOnlyList<string> Values, string? HeaderName = null);

/// <summary>A listener rule (Rule: RuleArn, Priority, Conditions, Actions, IsDefault). Priority "default" is the listener's default.</summary>
public sealed record ListenerRule(string Arn, string Priority, IReadOnlyList<RuleCondition> Conditions, IReadOnlyList<ListenerAction> Actions, bool IsDefault);

/// <summary>A registered target and ELB's view of its health (TargetHealthDescription).</summary>
public sealed record TargetHealthEntry(string Id, int Port, string State);

/// <summary>A target to register or deregister (TargetDescription).</summary>
public sealed record TargetAddress(string Id, int Port);
