using System.Text.Json.Nodes;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Ecs;

public sealed class TaskDefinitionRendererTests
{
    /// <summary>A DescribeTaskDefinition answer as ECS gives it: registrable fields, read-only ones, and fields we do not model.</summary>
    private static JsonObject Described() => JsonNode.Parse("""
        {
          "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/webapp-api:5",
          "family": "webapp-api",
          "revision": 5,
          "status": "ACTIVE",
          "registeredAt": 1732350000.123,
          "registeredBy": "arn:aws:sts::123456789012:assumed-role/terraform",
          "compatibilities": ["EC2", "FARGATE"],
          "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.logging-driver.awslogs"}],
          "taskRoleArn": "arn:aws:iam::123456789012:role/api-task",
          "executionRoleArn": "arn:aws:iam::123456789012:role/api-exec",
          "networkMode": "awsvpc",
          "requiresCompatibilities": ["FARGATE"],
          "cpu": "512",
          "memory": "1024",
          "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
          "ephemeralStorage": {"sizeInGiB": 30},
          "volumes": [{"name": "tmp"}],
          "placementConstraints": [],
          "containerDefinitions": [
            {
              "name": "api",
              "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp-api@sha256:old",
              "essential": true,
              "portMappings": [{"containerPort": 3001, "protocol": "tcp"}],
              "environment": [{"name": "NODE_ENV", "value": "production"}],
              "secrets": [{"name": "DATABASE_URL", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/staging/database_url"}],
              "healthCheck": {"command": ["CMD-SHELL", "wget -qO- localhost:3001/health"], "interval": 30},
              "someFutureField": {"kept": true},
              "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/webapp-api", "awslogs-stream-prefix": "ecs"}}
            },
            {
              "name": "log-router",
              "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
              "essential": false
            }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void Changes_only_the_named_containers_image()
    {
        var described = Described();

        var rendered = TaskDefinitionRenderer.WithImage(described, "api", "repo/webapp-api@sha256:new");

        var expected = TaskDefinitionRenderer.Registrable(described);
        expected["containerDefinitions"]![0]!["image"] = "repo/webapp-api@sha256:new";
        Assert.True(JsonNode.DeepEquals(expected, rendered), rendered.ToJsonString());
        Assert.Equal("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", TaskDefinitionRenderer.ImageOf(rendered, "log-router"));
        Assert.Equal("production", (string?)rendered["containerDefinitions"]![0]!["environment"]![0]!["value"]);
        Assert.True((bool)rendered["containerDefinitions"]![0]!["someFutureField"]!["kept"]!);
    }

    [Fact]
    public void Keeps_every_registrable_field_and_drops_the_read_only_ones()
    {
        var rendered = TaskDefinitionRenderer.WithImage(Described(), "api", "x");

        Assert.Equal(
            ["containerDefinitions", "cpu", "ephemeralStorage", "executionRoleArn", "family", "memory", "networkMode",
             "placementConstraints", "requiresCompatibilities", "runtimePlatform", "taskRoleArn", "volumes"],
            rendered.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Does_not_change_the_described_definition()
    {
        var described = Described();
        var before = described.ToJsonString();

        _ = TaskDefinitionRenderer.WithImage(described, "api", "x");

        Assert.Equal(before, described.ToJsonString());
    }

    [Fact]
    public void Names_the_containers_when_the_named_one_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TaskDefinitionRenderer.WithImage(Described(), "web", "x"));

        Assert.Equal("task definition webapp-api:5 has no container 'web' (has: api, log-router)", error.Message);
    }

    [Fact]
    public void Sees_a_revision_with_the_same_registrable_fields_as_the_same_registration()
    {
        var described = Described();
        var rendered = TaskDefinitionRenderer.WithImage(described, "api", "new");
        var registeredLater = TaskDefinitionRenderer.WithImage(described, "api", "new");
        registeredLater["revision"] = 6;
        registeredLater["status"] = "ACTIVE";

        Assert.True(TaskDefinitionRenderer.SameRegistration(rendered, registeredLater));
        Assert.False(TaskDefinitionRenderer.SameRegistration(rendered, described));
    }

    [Fact]
    public void Re_sends_the_tags_in_key_order_and_none_when_there_are_none()
    {
        var tagged = Described();
        tagged["tags"] = JsonNode.Parse("""[{"key": "Project", "value": "webapp"}, {"key": "Environment", "value": "staging"}]""");
        var untagged = Described();
        untagged["tags"] = new JsonArray();

        var rendered = TaskDefinitionRenderer.WithImage(tagged, "api", "x");

        Assert.Equal("""[{"key":"Environment","value":"staging"},{"key":"Project","value":"webapp"}]""", rendered["tags"]!.ToJsonString());
        Assert.False(TaskDefinitionRenderer.WithImage(untagged, "api", "x").ContainsKey("tags"));
        Assert.False(TaskDefinitionRenderer.SameRegistration(tagged, Described()));
    }

    [Fact]
    public void Finds_the_awslogs_stream_of_a_task()
    {
        var stream = AwsEcsPlatform.AwsLogsStream(Described(), "api", "0f1e2d3c");

        Assert.Equal(("/ecs/webapp-api", "ecs/api/0f1e2d3c"), stream);
        Assert.Null(AwsEcsPlatform.AwsLogsStream(Described(), "log-router", "0f1e2d3c"));
    }
}
