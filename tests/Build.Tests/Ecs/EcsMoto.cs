using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Ecs;

/// <summary>
/// Sets up what Terraform would create in moto: a cluster, a Fargate task definition and a service; in moto's default
/// account, or as <paramref name="identity"/> (an account's administrator in an IAM-enforcing moto).
/// </summary>
public sealed class EcsMoto(string endpoint, AwsSettings? identity = null) : IDisposable
{
    public const string Region = "ap-northeast-1";

    public AwsSettings Settings { get; } = identity ?? AwsSettings.ForLocal(Region, new Uri(endpoint));

    /// <summary>The account <see cref="Settings"/> acts in (its task definitions name that account's roles).</summary>
    public string Account { get; init; } = "123456789012";

    /// <summary>The names of the task execution role and the task role its task definitions name.</summary>
    public (string Execution, string Task) TaskRoles { get; init; } = ("exec", "task");

    private AwsJsonClient? _client;

    private AwsJsonClient Raw => _client ??= new(Settings, "ecs", "ecs", "AmazonEC2ContainerServiceV20141113");

    private MotoRecording? _recording;

    public Uri Endpoint { get; } = new(endpoint);

    /// <summary>moto's request recorder for this server.</summary>
    public MotoRecording Recording => _recording ??= new MotoRecording(Endpoint.Port);

    /// <summary>A subnet and security group that exist in moto (it checks them in CreateService); made on first use.</summary>
    public TaskNetwork Network { get; private set; } = new([], [], false);

    public async Task<TaskNetwork> NetworkAsync()
    {
        if (Network.Subnets.Count > 0)
        {
            return Network;
        }

        using var ec2 = new AwsHttpClient(Settings, "ec2", "ec2");
        async Task<string> Call(string query, string element)
        {
            var (_, body, response) = await ec2.SendAsync("ec2", () => new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(query + "&Version=2016-11-15", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            }, CancellationToken.None);
            response.Dispose();
            return System.Xml.Linq.XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == element)?.Value ?? string.Empty;
        }

        var vpc = await Call("Action=CreateVpc&CidrBlock=10.0.0.0%2F16", "vpcId");
        // moto's Fargate RunTask fails (500) unless the VPC has DNS hostnames (it names the task's ENI).
        await Call($"Action=ModifyVpcAttribute&VpcId={vpc}&EnableDnsHostnames.Value=true", "return");
        var subnet = await Call($"Action=CreateSubnet&VpcId={vpc}&CidrBlock=10.0.1.0%2F24", "subnetId");
        var group = await Call($"Action=CreateSecurityGroup&VpcId={vpc}&GroupName=tasks-{Guid.NewGuid():N}&GroupDescription=tasks", "groupId");
        Network = new TaskNetwork([subnet], [group], false);
        return Network;
    }

    /// <summary>A Fargate task definition as the compute module registers it (container memory set: moto needs it).</summary>
    public static JsonObject TaskDefinition(string family, string container, string image, JsonArray? environment = null, JsonArray? secrets = null,
        JsonArray? tags = null, string account = "123456789012", (string Execution, string Task)? roles = null)
    {
        var definition = new JsonObject
        {
            ["family"] = family,
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["executionRoleArn"] = $"arn:aws:iam::{account}:role/{roles?.Execution ?? "exec"}",
            ["taskRoleArn"] = $"arn:aws:iam::{account}:role/{roles?.Task ?? "task"}",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = container,
                ["image"] = image,
                ["memory"] = 512,
                ["essential"] = true,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 3001, ["protocol"] = "tcp" }),
                ["environment"] = environment?.DeepClone() ?? new JsonArray(new JsonObject { ["name"] = "APP_VERSION", ["value"] = "test" }),
                ["secrets"] = secrets?.DeepClone() ?? new JsonArray(),
                ["logConfiguration"] = new JsonObject
                {
                    ["logDriver"] = "awslogs",
                    ["options"] = new JsonObject
                    {
                        ["awslogs-group"] = $"/ecs/{family}",
                        ["awslogs-region"] = Region,
                        ["awslogs-stream-prefix"] = "ecs",
                    },
                },
            }),
        };
        if (tags is not null)
        {
            definition["tags"] = tags.DeepClone();
        }

        return definition;
    }

    public async Task<string> RegisterAsync(JsonObject definition)
    {
        using var ecs = new EcsClient(Settings);
        var registered = await ecs.RegisterTaskDefinitionAsync(definition);
        return TaskDefinitionRenderer.Arn(registered.TaskDefinition!)!;
    }

    /// <summary>Cluster + task definition + service (awsvpc with security groups: moto answers 500 without them).</summary>
    public async Task<ServiceTarget> CreateServiceAsync(string cluster, string name, string container, string image, int desiredCount = 1,
        JsonArray? environment = null, JsonArray? secrets = null, JsonArray? tags = null)
    {
        var network = await NetworkAsync();
        await Raw.CallAsync<JsonObject, JsonObject>("CreateCluster", new JsonObject { ["clusterName"] = cluster });
        var arn = await RegisterAsync(TaskDefinition(name, container, image, environment, secrets, tags, Account, TaskRoles));
        await Raw.CallAsync<JsonObject, JsonObject>("CreateService", new JsonObject
        {
            ["cluster"] = cluster,
            ["serviceName"] = name,
            ["taskDefinition"] = arn,
            ["desiredCount"] = desiredCount,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject
                {
                    ["subnets"] = new JsonArray(network.Subnets.Select(s => (JsonNode)s!).ToArray()),
                    ["securityGroups"] = new JsonArray(network.SecurityGroups.Select(s => (JsonNode)s!).ToArray()),
                    ["assignPublicIp"] = "DISABLED",
                },
            },
        });
        return new ServiceTarget(name, cluster, name, container, "/health");
    }

    /// <summary>What Terraform does when it replaces a task definition: the old revision goes INACTIVE.</summary>
    public Task DeregisterAsync(string arnOrFamilyRevision) =>
        Raw.CallAsync<JsonObject, JsonObject>("DeregisterTaskDefinition", new JsonObject { ["taskDefinition"] = arnOrFamilyRevision });

    public async Task<string> CurrentTaskDefinitionAsync(ServiceTarget service)
    {
        using var ecs = new EcsClient(Settings);
        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]));
        return described.Services![0].TaskDefinition!;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _recording?.Dispose();
    }
}
