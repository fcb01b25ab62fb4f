using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Steps.Verify;

/// <summary>A secret a container definition references: its variable and where ECS reads it from (SSM or Secrets Manager).</summary>
public sealed record SecretReference(string Container, string Name, string ValueFrom)
{
    /// <summary>An SSM parameter (a name or an ssm ARN); otherwise a Secrets Manager ARN.</summary>
    public bool IsSsmParameter => !ValueFrom.StartsWith("arn:", StringComparison.Ordinal) || ValueFrom.Split(':') is [_, _, "ssm", ..];
}

/// <summary>
/// What a service's wiring must agree on before it is rolled (ecspresso's verify): the ECS service's load balancer entry,
/// its target group and the task definition's container, against what deploy.yml says the container serves. Pure: the
/// verifier reads the resources, this decides; every problem is one line naming the resource.
/// </summary>
public static class ServiceWiring
{
    public static IReadOnlyList<string> Check(ServiceConfig config, ServiceTarget target, EcsService service, JsonObject taskDefinition,
        IReadOnlyDictionary<string, TargetGroup> targetGroups)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(taskDefinition);
        ArgumentNullException.ThrowIfNull(targetGroups);
        var problems = new List<string>();
        var revision = $"task definition {taskDefinition["family"]?.GetValue<string>()}:{taskDefinition["revision"]?.GetValue<int>()}";
        var container = Containers(taskDefinition).FirstOrDefault(c => c["name"]?.GetValue<string>() == target.ContainerName);
        if (container is null)
        {
            problems.Add($"{revision}: no container named {target.ContainerName} (infrastructure output ecs_container_names) for service {target.ServiceName}");
        }
        else if (!ContainerPorts(container).Contains(config.Port))
        {
            problems.Add($"{revision}: container {target.ContainerName} maps no port {config.Port} (deploy.yml services.{config.Name}.port); it maps [{string.Join(", ", ContainerPorts(container))}]");
        }

        foreach (var balancer in service.LoadBalancers ?? [])
        {
            var where = $"service {target.ServiceName}";
            if (balancer.ContainerName != target.ContainerName)
            {
                problems.Add($"{where}: its load balancer sends traffic to container {balancer.ContainerName}, but the pipeline deploys {target.ContainerName}");
            }

            if (balancer.ContainerPort != config.Port)
            {
                problems.Add($"{where}: its load balancer sends traffic to port {balancer.ContainerPort}, but {config.Name} listens on {config.Port} (deploy.yml)");
            }

            if (balancer.TargetGroupArn is not { } arn)
            {
                continue;
            }

            if (!targetGroups.TryGetValue(arn, out var group))
            {
                problems.Add($"target group {arn} (of {where}) does not exist");
                continue;
            }

            problems.AddRange(HealthCheckProblems(config, group));
        }

        return problems;
    }

    /// <summary>The target group health-checks what the container answers: path, port, matcher, enabled.</summary>
    public static IEnumerable<string> HealthCheckProblems(ServiceConfig config, TargetGroup group)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(group);
        var health = group.HealthCheck;
        var name = $"target group {group.Name}";
        if (!health.Enabled)
        {
            yield return $"{name}: health checks are disabled, so a failing {config.Name} task would receive traffic";
            yield break;
        }

        if (!string.Equals(health.Path, config.HealthPath, StringComparison.Ordinal))
        {
            yield return $"{name}: health check path {health.Path}, but {config.Name} answers its health check on {config.HealthPath} (deploy.yml services.{config.Name}.healthPath): every task would be marked unhealthy";
        }

        if (health.Port != "traffic-port" && health.Port != config.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            yield return $"{name}: health check port {health.Port}, but {config.Name} listens on {config.Port}";
        }

        if (!MatcherAccepts(health.Matcher, 200))
        {
            yield return $"{name}: health check matcher {health.Matcher} does not accept 200, the answer of {config.HealthPath}";
        }
    }

    /// <summary>ELB matcher syntax: "200", "200,202", "200-299".</summary>
    public static bool MatcherAccepts(string matcher, int status)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        foreach (var part in matcher.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-', 2);
            if (int.TryParse(range[0], out var low) && int.TryParse(range[^1], out var high) && status >= low && status <= high)
            {
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<SecretReference> Secrets(JsonObject taskDefinition) =>
        Containers(taskDefinition)
            .SelectMany(c => (c["secrets"]?.AsArray() ?? []).Select(s => new SecretReference(
                c["name"]?.GetValue<string>() ?? "?", s!["name"]?.GetValue<string>() ?? "?", s["valueFrom"]?.GetValue<string>() ?? string.Empty)))
            .ToList();

    /// <summary>The CloudWatch log groups the containers write to (awslogs driver).</summary>
    public static IReadOnlyList<(string Container, string Group)> LogGroups(JsonObject taskDefinition) =>
        Containers(taskDefinition)
            .Where(c => c["logConfiguration"]?["logDriver"]?.GetValue<string>() == "awslogs")
            .Select(c => (c["name"]?.GetValue<string>() ?? "?", c["logConfiguration"]?["options"]?["awslogs-group"]?.GetValue<string>() ?? string.Empty))
            .ToList();

    /// <summary>The SSM parameter name of a reference (ECS takes a name, or an ARN whose resource is parameter/NAME); GetParameters is asked by name.</summary>
    public static string ParameterName(string valueFrom)
    {
        ArgumentNullException.ThrowIfNull(valueFrom);
        if (!valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            return valueFrom;
        }

        // arn:aws:ssm:region:account:parameter/a/b is /a/b; parameter/foo is foo (a hierarchical name starts with /).
        var resource = valueFrom.Split(':', 6)[^1];
        var rest = resource.StartsWith("parameter/", StringComparison.Ordinal) ? resource["parameter/".Length..] : resource;
        return rest.Contains('/', StringComparison.Ordinal) ? "/" + rest : rest;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject taskDefinition) =>
        (taskDefinition["containerDefinitions"]?.AsArray() ?? []).OfType<JsonObject>();

    private static List<int> ContainerPorts(JsonObject container) =>
        (container["portMappings"]?.AsArray() ?? []).Select(p => p?["containerPort"]?.GetValue<int>() ?? 0).ToList();
}
