using System.Text.Json.Nodes;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Ecs;

/// <summary>
/// Review row 21: a deploy's new revision keeps what Terraform put in the family (environment, secrets, cpu, memory, tags),
/// taken from the family's newest revision, so a later Terraform revision reaches the service and is never reverted;
/// a deploy that changes nothing registers nothing. Against moto: the real ECS control-plane calls, no Docker.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TerraformRevisionTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private const string ImageX = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tf-api@sha256:aaaa";
    private const string ImageY = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/tf-api@sha256:bbbb";

    private static readonly PollSettings Fast = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));

    [SkippableFact]
    public async Task A_deploy_keeps_terraforms_settings_and_tags_and_a_newer_terraform_revision_reaches_the_service()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        // Terraform: revision 1 with environment A and tags (listed out of key order), a service on it.
        var service = await setup.CreateServiceAsync("tf-cluster", "tf-api", "api", "repo/tf-api:latest",
            environment: Environment("A"), tags: Tags);
        using var ecs = new EcsClient(setup.Settings);
        var definitions = new TaskDefinitions(ecs);
        using var platform = new AwsEcsPlatform(new EcsClient(setup.Settings), new LogsClient(setup.Settings), _ => { }, Fast);
        var rollout = new ServiceRollout(ecs, platform);

        // Deploy image X: revision 2 = Terraform's revision 1 with the image set, tags re-sent.
        var first = await DeployAsync(rollout, service, ImageX);
        var two = await definitions.DescribeAsync(await setup.CurrentTaskDefinitionAsync(service));

        Assert.True(first.Changed);
        Assert.Equal((1, 2), (first.FromRevision, first.ToRevision));
        Assert.Equal(ImageX, TaskDefinitionRenderer.ImageOf(two, "api"));
        Assert.Equal("A", EnvironmentValue(two));
        Assert.Equal(["Environment=staging", "ManagedBy=terraform"], TagsOf(two));

        // The same deploy again: nothing to register, the service stays.
        var noOp = await rollout.PlanAsync(service, ImageX);
        var unchanged = await rollout.ApplyAsync(noOp, TimeSpan.FromSeconds(1));

        Assert.False(noOp.Revision.Changed);
        Assert.Equal("tf-api: unchanged (same image)", unchanged.Summary());
        Assert.Equal(2, await NewestRevisionAsync(definitions));

        // terraform apply with environment B: a new revision 3 (Terraform's image, not the deployed one); Terraform
        // deregisters the revision it replaced. The service still runs revision 2 (Terraform ignores its task_definition).
        var terraform = EcsMoto.TaskDefinition("tf-api", "api", "repo/tf-api:latest", Environment("B"), tags: Tags);
        terraform["cpu"] = "512";
        terraform["memory"] = "1024";
        await setup.RegisterAsync(terraform);
        await setup.DeregisterAsync("tf-api:1");

        // The next deploy, same image: revision 4 = Terraform's revision 3 with image X.
        var plan = await rollout.PlanAsync(service, ImageX);
        var second = await rollout.ApplyAsync(plan, TimeSpan.FromSeconds(1));
        var four = await definitions.DescribeAsync(await setup.CurrentTaskDefinitionAsync(service));

        Assert.True(plan.Revision.SettingsChanged);
        Assert.Equal("tf-api: would move tf-api from revision 2 to a new revision of tf-api with api image " + ImageX +
                     " and the settings of revision 3, then wait until stable", plan.Describe());
        Assert.Equal((2, 4), (second.FromRevision, second.ToRevision));
        Assert.Equal(ImageX, TaskDefinitionRenderer.ImageOf(four, "api"));
        Assert.Equal("B", EnvironmentValue(four));
        Assert.Equal(("512", "1024"), ((string?)four["cpu"], (string?)four["memory"]));
        Assert.Equal(["Environment=staging", "ManagedBy=terraform"], TagsOf(four));

        // Later deploys never go back to environment A: again a no-op, then a new image on B.
        Assert.False((await rollout.PlanAsync(service, ImageX)).Revision.Changed);
        var third = await DeployAsync(rollout, service, ImageY);
        var five = await definitions.DescribeAsync(await setup.CurrentTaskDefinitionAsync(service));

        Assert.Equal((4, 5), (third.FromRevision, third.ToRevision));
        Assert.Equal((ImageY, "B"), (TaskDefinitionRenderer.ImageOf(five, "api"), EnvironmentValue(five)));
        Assert.Equal(5, await NewestRevisionAsync(definitions));
    }

    [SkippableFact]
    public async Task A_migration_runs_with_the_settings_of_terraforms_newest_revision()
    {
        using var setup = new EcsMoto(moto.Endpoint);
        var service = await setup.CreateServiceAsync("tf-cluster", "tf-migrate", "api", "repo/tf-migrate:latest", environment: Environment("A"));
        await setup.RegisterAsync(EcsMoto.TaskDefinition("tf-migrate", "api", "repo/tf-migrate:latest", Environment("B")));
        using var ecs = new EcsClient(setup.Settings);
        using var platform = new AwsEcsPlatform(new EcsClient(setup.Settings), new LogsClient(setup.Settings), _ => { }, Fast);
        var network = await setup.NetworkAsync();

        var plan = await new MigrationRunner(ecs, platform).PlanAsync(service, ImageX,
            new Deploy.Build.Configuration.MigrationConfig("api", ["/app/bin/migrate"], Deploy.Build.Configuration.MigrationStrategy.OneOffTask,
                TimeSpan.FromMinutes(1)), network);

        Assert.NotNull(plan.Revision.Registration);
        Assert.Equal("B", EnvironmentValue(plan.Revision.Registration!));
        Assert.Equal(ImageX, TaskDefinitionRenderer.ImageOf(plan.Revision.Registration!, "api"));
    }

    private static JsonArray Tags => new(
        new JsonObject { ["key"] = "ManagedBy", ["value"] = "terraform" },
        new JsonObject { ["key"] = "Environment", ["value"] = "staging" });

    private static JsonArray Environment(string mode) => new(new JsonObject { ["name"] = "APP_MODE", ["value"] = mode });

    private static string? EnvironmentValue(JsonObject definition) =>
        (string?)TaskDefinitionRenderer.FindContainer(definition, "api")!["environment"]!.AsArray()
            .Single(e => (string?)e!["name"] == "APP_MODE")!["value"];

    private static List<string> TagsOf(JsonObject definition) =>
        (definition["tags"] as JsonArray ?? []).Select(t => $"{t!["key"]}={t["value"]}").Order(StringComparer.Ordinal).ToList();

    private static async Task<int> NewestRevisionAsync(TaskDefinitions definitions) =>
        TaskDefinitionRenderer.Revision(await definitions.DescribeAsync("tf-api"));

    /// <summary>Plan and apply; moto never completes a rollout, so the wait ends unstable after a second (not what is tested here).</summary>
    private static async Task<RolloutOutcome> DeployAsync(ServiceRollout rollout, ServiceTarget service, string image) =>
        await rollout.ApplyAsync(await rollout.PlanAsync(service, image), TimeSpan.FromSeconds(1));
}
