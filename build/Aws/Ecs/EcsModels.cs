using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Deploy.Build.Aws.Ecs;

// The ECS API shapes the pipeline uses (names as in the official AWSSDK.ECS model, camelCase on the wire).
// Task definitions stay JSON (JsonObject) so fields the pipeline does not model survive a re-registration.

public sealed record DescribeServicesRequest(string Cluster, IReadOnlyList<string> Services);

public sealed record DescribeServicesResponse(IReadOnlyList<EcsService>? Services, IReadOnlyList<EcsFailure>? Failures);

public sealed record EcsService(
    string ServiceName,
    string? ServiceArn,
    string? Status,
    string? TaskDefinition,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    IReadOnlyList<EcsDeployment>? Deployments,
    IReadOnlyList<ServiceEvent>? Events,
    IReadOnlyList<EcsLoadBalancer>? LoadBalancers = null);

/// <summary>A service's load balancer entry: the target group its tasks are registered in, and for which container and port.</summary>
public sealed record EcsLoadBalancer(string? TargetGroupArn, string? LoadBalancerName, string? ContainerName, int? ContainerPort);

public sealed record EcsDeployment(
    string? Id,
    string? Status,
    string? TaskDefinition,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    int FailedTasks,
    string? RolloutState,
    string? RolloutStateReason,
    [property: JsonConverter(typeof(EpochSecondsConverter))] DateTimeOffset? CreatedAt);

public sealed record ServiceEvent(
    string? Id,
    [property: JsonConverter(typeof(EpochSecondsConverter))] DateTimeOffset? CreatedAt,
    string Message);

public sealed record EcsFailure(string? Arn, string? Reason, string? Detail)
{
    public override string ToString() => $"{Reason}{(Detail is null ? string.Empty : ": " + Detail)}{(Arn is null ? string.Empty : " (" + Arn + ")")}";
}

/// <param name="Include">["TAGS"]: the answer carries the task definition's tags (beside it, not in it).</param>
public sealed record DescribeTaskDefinitionRequest(string TaskDefinition, IReadOnlyList<string>? Include = null);

/// <summary>A resource tag as ECS spells it on the wire (key, value).</summary>
public sealed record Tag(string Key, string? Value);

/// <summary>DescribeTaskDefinition's and RegisterTaskDefinition's answer: the definition and, when asked for, its tags.</summary>
public sealed record TaskDefinitionResponse(JsonObject? TaskDefinition, IReadOnlyList<Tag>? Tags = null);

public sealed record UpdateServiceRequest(string Cluster, string Service, string? TaskDefinition = null, int? DesiredCount = null);

public sealed record UpdateServiceResponse(EcsService? Service);

public sealed record AwsVpcConfiguration(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, string AssignPublicIp);

public sealed record NetworkConfiguration(AwsVpcConfiguration AwsvpcConfiguration);

public sealed record ContainerOverride(string Name, IReadOnlyList<string>? Command);

public sealed record TaskOverride(IReadOnlyList<ContainerOverride> ContainerOverrides);

public sealed record RunTaskRequest(
    string Cluster,
    string TaskDefinition,
    int Count,
    string? LaunchType,
    NetworkConfiguration? NetworkConfiguration,
    TaskOverride? Overrides,
    string? StartedBy,
    string? ClientToken = null);

public sealed record RunTaskResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);

public sealed record DescribeTasksRequest(string Cluster, IReadOnlyList<string> Tasks);

public sealed record DescribeTasksResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);

public sealed record StopTaskRequest(string Cluster, string Task, string? Reason);

public sealed record StopTaskResponse(EcsTask? Task);

public sealed record EcsTask(
    string TaskArn,
    string? TaskDefinitionArn,
    string? LastStatus,
    string? DesiredStatus,
    string? StopCode,
    string? StoppedReason,
    IReadOnlyList<EcsContainer>? Containers)
{
    /// <summary>The task id: the last segment of the ARN (also the last part of its awslogs stream name).</summary>
    public string Id => TaskArn[(TaskArn.LastIndexOf('/') + 1)..];
}

public sealed record EcsContainer(string Name, string? LastStatus, int? ExitCode, string? Reason);
