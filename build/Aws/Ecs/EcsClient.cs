using System.Text.Json.Nodes;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Aws.Ecs;

/// <summary>
/// The ECS operations the deploy uses, shaped like AWSSDK.ECS's IAmazonECS (not served here) so the
/// official client can replace this one. Task definitions are JSON so unmodelled fields survive.
/// </summary>
public interface IEcsClient : IDisposable
{
    Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default);

    Task<TaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// One attempt, never retried here: a registration whose answer was lost may have happened, and repeating it would
    /// add a revision. <see cref="TaskDefinitions"/> checks the family before it tries again.
    /// </summary>
    /// <param name="request">A registrable task definition document (see <see cref="TaskDefinitionRenderer"/>).</param>
    Task<TaskDefinitionResponse> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken = default);

    Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default);

    Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default);

    Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default);

    Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default);
}

/// <summary>ECS over awsJson1.1, signed by the SDK's SigV4 handler (real AWS or moto, by <see cref="AwsSettings"/>).</summary>
public sealed class EcsClient(AwsSettings settings, AwsRetry.Options? retry = null, Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null)
    : IEcsClient
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113";

    private readonly AwsJsonClient _json = new(settings, "ecs", "ecs", TargetPrefix, retry, onRetry, innerHandler);

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeServicesRequest, DescribeServicesResponse>("DescribeServices", request, cancellationToken);

    public Task<TaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeTaskDefinitionRequest, TaskDefinitionResponse>("DescribeTaskDefinition", request, cancellationToken);

    public Task<TaskDefinitionResponse> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<JsonObject, TaskDefinitionResponse>("RegisterTaskDefinition", request, retry: false, cancellationToken);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<UpdateServiceRequest, UpdateServiceResponse>("UpdateService", request, cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<RunTaskRequest, RunTaskResponse>("RunTask", request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", request, cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<StopTaskRequest, StopTaskResponse>("StopTask", request, cancellationToken);

    public void Dispose() => _json.Dispose();
}
