using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Ecs;

/// <summary>The typed ECS and Logs clients against a real moto_server: signing, shapes, errors.</summary>
[Trait("Category", "Integration")]
public sealed class EcsClientTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [SkippableFact]
    public async Task Registers_describes_updates_and_runs_tasks_against_moto()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        var service = await setup.CreateServiceAsync("client-cluster", "client-api", "api", "repo/api:v1");
        using var ecs = new EcsClient(setup.Settings);

        var described = await ecs.DescribeServicesAsync(new DescribeServicesRequest(service.Cluster, [service.ServiceName]));
        var current = Assert.Single(described.Services!);
        var definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(current.TaskDefinition!))).TaskDefinition!;
        var registered = (await ecs.RegisterTaskDefinitionAsync(TaskDefinitionRenderer.WithImage(definition, "api", "repo/api@sha256:abc"))).TaskDefinition!;
        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest(service.Cluster, service.ServiceName, TaskDefinitionRenderer.Arn(registered)));
        var run = await ecs.RunTaskAsync(new RunTaskRequest(service.Cluster, TaskDefinitionRenderer.Arn(registered)!, 1, "FARGATE",
            new NetworkConfiguration(new AwsVpcConfiguration(setup.Network.Subnets, setup.Network.SecurityGroups, "DISABLED")),
            new TaskOverride([new ContainerOverride("api", ["/app/bin/migrate"])]), "test"));
        var task = Assert.Single(run.Tasks!);
        var tasks = await ecs.DescribeTasksAsync(new DescribeTasksRequest(service.Cluster, [task.TaskArn]));
        var stopped = await ecs.StopTaskAsync(new StopTaskRequest(service.Cluster, task.TaskArn, "test"));

        Assert.Equal(1, current.DesiredCount);
        Assert.Equal("ACTIVE", current.Status);
        Assert.Equal("repo/api:v1", TaskDefinitionRenderer.ImageOf(definition, "api"));
        Assert.Equal(2, TaskDefinitionRenderer.Revision(registered));
        Assert.Equal("repo/api@sha256:abc", TaskDefinitionRenderer.ImageOf(registered, "api"));
        Assert.Equal(TaskDefinitionRenderer.Arn(registered), updated.Service!.TaskDefinition);
        Assert.NotEmpty(updated.Service.Deployments!);
        Assert.Equal(task.TaskArn, Assert.Single(tasks.Tasks!).TaskArn);
        Assert.Equal(task.TaskArn, stopped.Task!.TaskArn);
    }

    [SkippableFact]
    public async Task Maps_an_unknown_task_definition_to_a_typed_error()
    {
        using var ecs = new EcsClient(AwsSettings.ForLocal(EcsMoto.Region, new Uri(moto.Endpoint)), new AwsRetry.Options(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1)));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest("nope:1")));

        Assert.False(error.IsTransient);
        Assert.Equal("ecs", error.Service);
    }

    [SkippableFact]
    public async Task Runs_a_one_off_task_on_ecs_until_it_stops_and_reads_its_exit_code()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        var service = await setup.CreateServiceAsync("oneoff-cluster", "oneoff-api", "api", "repo/api:v1");
        var arn = await setup.CurrentTaskDefinitionAsync(service);
        var lines = new List<string>();
        using var platform = new AwsEcsPlatform(new EcsClient(setup.Settings), new LogsClient(setup.Settings), lines.Add, Fast);

        var result = await platform.RunOneOffTaskAsync(new OneOffTaskRequest(service.Cluster, arn, "api", ["/app/bin/migrate"], setup.Network, TimeSpan.FromMinutes(2)));

        // moto steps the task to STOPPED with exit code 0 (it cannot show a failure: the Docker data plane tests do).
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableFact]
    public async Task Never_reports_a_rollout_that_moto_does_not_complete_as_stable()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        var service = await setup.CreateServiceAsync("wait-cluster", "wait-api", "api", "repo/api:v1");
        var arn = await setup.RegisterAsync(EcsMoto.TaskDefinition("wait-api", "api", "repo/api:v2"));
        using var platform = new AwsEcsPlatform(new EcsClient(setup.Settings), new LogsClient(setup.Settings), _ => { }, Fast);

        // moto keeps the old task definition on the PRIMARY deployment and rolloutState IN_PROGRESS with 0 running:
        // the wait must end in a failure (here: not our deployment), never in a success. Timeouts: RolloutDeciderTests.
        var result = await platform.DeployServiceAsync(service, arn, TimeSpan.FromSeconds(2));

        Assert.False(result.Stable);
        Assert.NotEmpty(result.Reason);
    }

    [SkippableFact]
    public async Task Reads_a_whole_log_stream_from_the_head()
    {
        var settings = AwsSettings.ForLocal(EcsMoto.Region, new Uri(moto.Endpoint));
        using (var raw = new AwsJsonClient(settings, "logs", "logs", "Logs_20140328"))
        {
            await raw.CallAsync<JsonObject, JsonObject>("CreateLogGroup", new JsonObject { ["logGroupName"] = "/ecs/migrate" });
            await raw.CallAsync<JsonObject, JsonObject>("CreateLogStream", new JsonObject { ["logGroupName"] = "/ecs/migrate", ["logStreamName"] = "ecs/api/t1" });
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var events = new JsonArray(Enumerable.Range(1, 3).Select(i => (JsonNode)new JsonObject { ["timestamp"] = now + i, ["message"] = $"line {i}" }).ToArray());
            await raw.CallAsync<JsonObject, JsonObject>("PutLogEvents", new JsonObject
            {
                ["logGroupName"] = "/ecs/migrate",
                ["logStreamName"] = "ecs/api/t1",
                ["logEvents"] = events,
            });
        }

        using var logs = new LogsClient(settings);
        var lines = await LogStreamReader.ReadAllAsync(logs, "/ecs/migrate", "ecs/api/t1");
        var none = await LogStreamReader.ReadAllAsync(logs, "/ecs/migrate", "ecs/api/never-started");

        Assert.Equal(["line 1", "line 2", "line 3"], lines);
        Assert.Empty(none);
    }

    private static PollSettings Fast { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));
}
