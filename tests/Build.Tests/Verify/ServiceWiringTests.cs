using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.Verify;

namespace Deploy.Build.Tests.Verify;

/// <summary>The verify's decisions on a service's wiring: one line per problem, naming the resource.</summary>
public sealed class ServiceWiringTests
{
    private const string GroupArn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/bm-staging-web/0123";

    private static readonly ServiceConfig Web = new("web", "web", 3000, "/health");

    private static readonly ServiceTarget Target = new("web", "bm-staging-cluster", "bm-staging-web", "web", "/health");

    private static JsonObject Definition(string container = "web", int port = 3000) => JsonNode.Parse("""
        {
          "family": "bm-staging-web", "revision": 7,
          "containerDefinitions": [{
            "name": "CONTAINER", "portMappings": [{"containerPort": 9999}],
            "secrets": [
              {"name": "DATABASE_URL", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bm/staging/database_url"},
              {"name": "API_KEY", "valueFrom": "plain_name"},
              {"name": "MASTER", "valueFrom": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bm-staging/aurora/master-password-AbCdEf"}
            ],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/bm-staging-web"}}
          }]
        }
        """.Replace("CONTAINER", container, StringComparison.Ordinal).Replace("9999", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

    private static EcsService Service(string container = "web", int port = 3000) =>
        new("bm-staging-web", null, "ACTIVE", "td", 1, 1, 0, null, null, [new EcsLoadBalancer(GroupArn, null, container, port)]);

    private static TargetGroup Group(string path = "/health", string matcher = "200", string port = "traffic-port", bool enabled = true) =>
        new(GroupArn, "bm-staging-web", "HTTP", 3000, "ip", new TargetGroupHealthCheck(enabled, "HTTP", port, path, matcher, 30, 5, 2, 3));

    private static IReadOnlyList<string> Check(EcsService? service = null, JsonObject? definition = null, TargetGroup? group = null) =>
        ServiceWiring.Check(Web, Target, service ?? Service(), definition ?? Definition(),
            group is null && service is null ? new Dictionary<string, TargetGroup> { [GroupArn] = Group() }
            : group is null ? new Dictionary<string, TargetGroup>() : new Dictionary<string, TargetGroup> { [GroupArn] = group });

    [Fact]
    public void A_service_whose_container_port_and_health_path_agree_has_no_problem() => Assert.Empty(Check());

    [Fact]
    public void A_target_group_that_checks_another_path_is_one_line_naming_it_and_both_paths()
    {
        var line = Assert.Single(Check(Service(), group: Group(path: "/api/health")));

        Assert.StartsWith("target group bm-staging-web: health check path /api/health, but web answers its health check on /health", line);
    }

    [Fact]
    public void A_load_balancer_aimed_at_another_container_or_port_is_reported()
    {
        var problems = Check(Service(container: "app", port: 8080), group: Group());

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("container app, but the pipeline deploys web", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("port 8080, but web listens on 3000", StringComparison.Ordinal));
    }

    [Fact]
    public void A_task_definition_without_the_container_or_its_port_is_reported()
    {
        Assert.Contains("task definition bm-staging-web:7: no container named web", Assert.Single(Check(definition: Definition(container: "other"))), StringComparison.Ordinal);
        Assert.Contains("container web maps no port 3000", Assert.Single(Check(definition: Definition(port: 80))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_group_that_does_not_exist_is_named_by_its_arn() =>
        Assert.Equal($"target group {GroupArn} (of service bm-staging-web) does not exist", Assert.Single(Check(Service())));

    [Theory]
    [InlineData("200", true)]
    [InlineData("200,302", true)]
    [InlineData("200-299", true)]
    [InlineData("301", false)]
    [InlineData("300-399", false)]
    public void Matchers_follow_the_elb_syntax(string matcher, bool accepts) => Assert.Equal(accepts, ServiceWiring.MatcherAccepts(matcher, 200));

    [Fact]
    public void Disabled_health_checks_a_wrong_port_and_a_matcher_without_200_are_each_a_problem()
    {
        Assert.Contains("health checks are disabled", Assert.Single(Check(Service(), group: Group(enabled: false))), StringComparison.Ordinal);
        Assert.Contains("health check port 8081", Assert.Single(Check(Service(), group: Group(port: "8081"))), StringComparison.Ordinal);
        Assert.Contains("matcher 302 does not accept 200", Assert.Single(Check(Service(), group: Group(matcher: "302"))), StringComparison.Ordinal);
        Assert.Empty(Check(Service(), group: Group(port: "3000")));
    }

    [Fact]
    public void A_service_without_a_load_balancer_is_checked_for_its_container_only() =>
        Assert.Empty(ServiceWiring.Check(Web, Target, Service() with { LoadBalancers = null }, Definition(), new Dictionary<string, TargetGroup>()));

    [Fact]
    public void Secrets_and_log_groups_are_read_from_every_container()
    {
        var secrets = ServiceWiring.Secrets(Definition());

        Assert.Equal(["DATABASE_URL", "API_KEY", "MASTER"], secrets.Select(s => s.Name));
        Assert.Equal([true, true, false], secrets.Select(s => s.IsSsmParameter));
        Assert.Equal([("web", "/ecs/bm-staging-web")], ServiceWiring.LogGroups(Definition()));
    }

    [Theory]
    [InlineData("arn:aws:ssm:ap-northeast-1:123456789012:parameter/bm/staging/database_url", "/bm/staging/database_url")]
    [InlineData("arn:aws:ssm:ap-northeast-1:123456789012:parameter/plain", "plain")]
    [InlineData("/bm/staging/x", "/bm/staging/x")]
    [InlineData("plain", "plain")]
    public void An_ssm_reference_is_looked_up_by_its_parameter_name(string valueFrom, string name) =>
        Assert.Equal(name, ServiceWiring.ParameterName(valueFrom));
}
