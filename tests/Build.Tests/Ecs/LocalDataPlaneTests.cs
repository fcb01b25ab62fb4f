using System.Text.Json.Nodes;
using Cake.Core.Diagnostics;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Configuration;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tasks;
using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Ecs;

/// <summary>
/// The migration and rollout paths on the local data plane: task definitions registered in moto, containers run by the
/// real Docker engine, health checked over HTTP on loopback.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalDataPlaneTests(DataPlaneFixture fixture) : IClassFixture<DataPlaneFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [SkippableFact]
    public async Task Rolls_out_a_new_image_by_a_rolling_replace_then_rolls_back()
    {
        fixture.Ready();
        // First deploy of an unchanged image: no new revision, but the data plane starts what the service should run.
        using var running = await RunningServiceAsync("rollout-api");
        var (service, platform, rollout, first, v1) = running;
        var plan = await rollout.PlanAsync(service, fixture.ImageV2);
        var second = await rollout.ApplyAsync(plan, Timeout);
        var v2 = platform.State.Find("rollout-api")!;
        var containers = await platform.ContainersAsync(service);
        var again = await rollout.ApplyAsync(await rollout.PlanAsync(service, fixture.ImageV2), Timeout);

        Assert.True(first.Succeeded, first.Summary());
        Assert.False(first.Changed);
        Assert.Equal(1, v1.Revision);
        Assert.True(second.Succeeded, second.Summary() + string.Join('\n', second.Result!.Events));
        Assert.Matches(@"^rollout-api: revision 1 -> 2, stable in \d+\.\d s$", second.Summary());
        Assert.Equal(2, v2.Revision);
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(v2.Ports[0]));
        Assert.Equal(0, await DataPlaneFixture.StatusAsync(v1.Ports[0])); // the old container is gone
        Assert.Equal([$"{fixture.Project}-local-rollout-api-2-2"], containers.Select(c => c.Name));
        Assert.Equal(v2.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(service));
        Assert.Equal("rollout-api: unchanged (same image)", again.Summary());
        await AssertOnlyTheImageChanged(v1.TaskDefinition, v2.TaskDefinition, fixture.ImageV2);

        var rollbackPlan = await rollout.PlanRollbackAsync(service);
        var rolledBack = await rollout.ApplyRollbackAsync(rollbackPlan, Timeout);
        var back = platform.State.Find("rollout-api")!;

        Assert.True(rolledBack.Succeeded, rolledBack.Summary());
        Assert.Equal((2, 1), (rolledBack.FromRevision, rolledBack.ToRevision));
        Assert.Equal(v1.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(service));
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(back.Ports[0]));
        Assert.Equal(0, await DataPlaneFixture.StatusAsync(v2.Ports[0]));
    }

    [SkippableFact]
    public async Task A_failing_health_check_fails_the_rollout_and_the_previous_version_keeps_serving()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("broken-api", healthTimeout: TimeSpan.FromSeconds(8));
        var (service, platform, rollout, _, before) = running;

        var outcome = await rollout.ApplyAsync(await rollout.PlanAsync(service, fixture.BrokenImage), Timeout);
        var after = platform.State.Find("broken-api")!;
        var containers = await platform.ContainersAsync(service);

        Assert.False(outcome.Succeeded);
        Assert.Equal((1, 2), (outcome.FromRevision, outcome.ToRevision));
        Assert.Contains("failed its health check", outcome.Result!.Reason, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", outcome.Result.Reason, StringComparison.Ordinal);
        Assert.Contains(outcome.Result.Events, e => e.Contains("rolling back", StringComparison.Ordinal));
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(before.Ports[0])); // still serving, checked over HTTP
        Assert.Equal(before.TaskDefinition, after.TaskDefinition);
        Assert.Equal(before.Ports, after.Ports);
        Assert.Equal([$"{fixture.Project}-local-broken-api-1-1"], containers.Select(c => c.Name));
        Assert.Equal(before.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(service));
    }

    [SkippableFact]
    public async Task An_image_that_cannot_start_fails_the_rollout_and_the_previous_version_keeps_serving()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("nostart-api");
        var (service, platform, rollout, _, before) = running;

        var error = await Assert.ThrowsAsync<DockerException>(async () =>
            await rollout.ApplyAsync(await rollout.PlanAsync(service, "127.0.0.1:9/nothing-here:none"), Timeout));

        Assert.StartsWith($"could not start {fixture.Project}-local-nostart-api-2-2", error.Message, StringComparison.Ordinal);
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(before.Ports[0]));
        Assert.Equal(before.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(service));
        Assert.Equal([$"{fixture.Project}-local-nostart-api-1-1"], (await platform.ContainersAsync(service)).Select(c => c.Name));
    }

    [SkippableFact]
    public async Task A_failing_migration_returns_its_exit_code_and_logs_and_leaves_the_service_untouched()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("migrate-api");
        var (service, platform, rollout, _, before) = running;
        var runner = new MigrationRunner(new EcsClient(fixture.Moto.Settings), platform);
        var network = await fixture.Moto.NetworkAsync();

        var failing = await runner.PlanAsync(service, fixture.ImageV2,
            Migration("sh", "-c", "echo applying 0003_add_tags; echo 'ERROR: relation \"tags\" already exists' >&2; exit 3"), network);
        var failed = (await runner.RunAsync(failing)).Result;
        var passing = await runner.PlanAsync(service, fixture.ImageV2, Migration("sh", "-c", "echo all migrations applied"), network);
        var passed = (await runner.RunAsync(passing)).Result;

        Assert.False(failed.Succeeded);
        Assert.True(failed.Started);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("applying 0003_add_tags", failed.LogLines);
        Assert.Contains("ERROR: relation \"tags\" already exists", failed.LogLines);
        Assert.StartsWith("migration FAILED (exit 3", MigrationRunner.Summary(failed), StringComparison.Ordinal);
        Assert.Equal(before.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(service));
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(before.Ports[0]));
        Assert.Equal(before.Url, platform.State.Find("migrate-api")!.Url);

        // The second run reuses the revision the first one registered (same registration: no revision 3).
        Assert.Equal("revision 2 (already registered with " + fixture.ImageV2 + ")", passing.Revision.Describe());
        Assert.True(passed.Succeeded, passed.Describe());
        Assert.Equal(["all migrations applied"], passed.LogLines);
        Assert.Empty(await platform.ContainersAsync(service with { Name = "oneoff" }));
    }

    [SkippableFact]
    public async Task One_off_tasks_report_exit_codes_timeouts_and_tasks_that_never_started()
    {
        fixture.Ready();
        var definition = EcsMoto.TaskDefinition("oneoff-task", "api", fixture.ImageV1);
        var arn = await fixture.Moto.RegisterAsync(definition);
        var missing = await fixture.Moto.RegisterAsync(EcsMoto.TaskDefinition("oneoff-missing", "api", "127.0.0.1:9/nothing-here:none"));
        using var platform = fixture.Platform();
        var network = await fixture.Moto.NetworkAsync();
        OneOffTaskRequest Request(string taskDefinition, TimeSpan timeout, params string[] command) =>
            new("dp-cluster", taskDefinition, "api", command, network, timeout);

        var exit3 = await platform.RunOneOffTaskAsync(Request(arn, Timeout, "sh", "-c", "echo hi; exit 3"));
        var slow = await platform.RunOneOffTaskAsync(Request(arn, TimeSpan.FromSeconds(2), "sleep", "60"));
        var never = await platform.RunOneOffTaskAsync(Request(missing, Timeout, "true"));
        var leftovers = await new DockerCli().RunAsync(["ps", "-aq", "--filter", $"label={LocalDataPlaneSettings.TaskDefinitionLabel}={arn}"]);

        Assert.Equal((true, 3), (exit3.Started, exit3.ExitCode));
        Assert.Equal(["hi"], exit3.LogLines);
        Assert.False(slow.Succeeded);
        Assert.Contains("timed out", slow.Describe(), StringComparison.Ordinal);
        Assert.False(never.Started);
        Assert.StartsWith("task never started: ", never.Describe(), StringComparison.Ordinal);
        Assert.Empty(leftovers.StdOut.Trim());
    }

    [SkippableFact]
    public async Task Resolves_secrets_from_ssm_through_a_private_env_file_that_is_removed()
    {
        fixture.Ready();
        await PutParameterAsync("/webapp/local/database_url", "postgres://app:s3cret@127.0.0.1:5432/app");

        var secrets = new JsonArray(new JsonObject
        {
            ["name"] = "DATABASE_URL",
            ["valueFrom"] = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/local/database_url",
        });
        var arn = await fixture.Moto.RegisterAsync(EcsMoto.TaskDefinition("secret-task", "api", fixture.ImageV1, secrets: secrets));
        using var platform = fixture.Platform();

        var result = await platform.RunOneOffTaskAsync(new OneOffTaskRequest("dp-cluster", arn, "api",
            ["sh", "-c", "test \"$DATABASE_URL\" = 'postgres://app:s3cret@127.0.0.1:5432/app' && test \"$APP_VERSION\" = test && echo secret-ok"],
            await fixture.Moto.NetworkAsync(), Timeout));

        Assert.True(result.Succeeded, result.Describe() + string.Join('\n', result.LogLines));
        Assert.Equal(["secret-ok"], result.LogLines);
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.State.Path, "dataplane")));
    }

    [SkippableFact]
    public async Task Scales_a_service_up_and_down_on_the_data_plane()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("scale-api");
        var (service, platform, rollout, _, before) = running;

        var up = await platform.ScaleServiceAsync(service, 3, Timeout);
        var three = platform.State.Find("scale-api")!;
        var statuses = await Task.WhenAll(three.Ports.Select(p => DataPlaneFixture.StatusAsync(p)));
        var down = await platform.ScaleServiceAsync(service, 1, Timeout);
        var one = platform.State.Find("scale-api")!;

        Assert.True(up.Stable, up.Reason);
        Assert.Equal([200, 200, 200], statuses);
        Assert.True(down.Stable, down.Reason);
        Assert.Equal([three.Ports[0]], one.Ports);
        Assert.Single(await platform.ContainersAsync(service));
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(one.Ports[0]));
    }

    [SkippableFact]
    public async Task Dry_runs_of_the_ecs_tasks_print_what_they_would_do_and_make_no_write_call()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("dry-api");
        await running.Rollout.ApplyAsync(await running.Rollout.PlanAsync(running.Service, fixture.ImageV2), Timeout); // revision 2, so 1 is "previous"
        var before = running.Platform.State.Find("dry-api")!;
        var containers = await running.Platform.ContainersAsync(running.Service);
        var log = new CapturingLog { Verbosity = Verbosity.Normal };
        var context = await ContextAsync(running.Service, log, dryRun: true, "sh", "-c", "exit 3");
        var sessions = new TestSessionFactory(fixture.Moto, fixture.Project, fixture.State.Path);

        await fixture.Moto.Recording.StartAsync();
        await new MigrateDbTask(sessions).RunAsync(context);
        await new DeployServicesTask(sessions).RunAsync(context);
        await new RollbackServicesTask(sessions).RunAsync(context);
        await new ScaleServicesTask(sessions).RunAsync(context);
        var operations = await fixture.Moto.Recording.StopAsync();

        var changes = context.Summary.Tasks.SelectMany(t => t.Changes).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, op => Assert.StartsWith("Describe", op.Operation, StringComparison.Ordinal));
        Assert.Equal(4, changes.Count);
        Assert.All(changes, c => Assert.Contains("would", c, StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("would run [sh -c exit 3] as a one-off task of a new revision of dry-api", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("dry-api: would move dry-api from revision 2 to a new revision", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("dry-api: would move dry-api from dry-api:2 back to dry-api:1", StringComparison.Ordinal));
        Assert.Contains("dry-api: would scale dry-api from 1 to 2 task(s)", changes);
        Assert.Equal(before.Ports, running.Platform.State.Find("dry-api")!.Ports);
        Assert.Equal(containers, await running.Platform.ContainersAsync(running.Service));
        Assert.Equal(before.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(running.Service));
    }

    [SkippableFact]
    public async Task Tasks_refuse_to_start_without_infrastructure_outputs()
    {
        fixture.Ready();
        var context = await ContextAsync(new ServiceTarget("api", "dp-cluster", "none", "api", "/health"), new CapturingLog { Verbosity = Verbosity.Normal }, dryRun: false, "true");
        context.Outputs = null;
        var sessions = new TestSessionFactory(fixture.Moto, fixture.Project, fixture.State.Path);

        var errors = new[]
        {
            await Assert.ThrowsAsync<DeployInputException>(() => new MigrateDbTask(sessions).RunAsync(context)),
            await Assert.ThrowsAsync<DeployInputException>(() => new DeployServicesTask(sessions).RunAsync(context)),
            await Assert.ThrowsAsync<DeployInputException>(() => new RollbackServicesTask(sessions).RunAsync(context)),
            await Assert.ThrowsAsync<DeployInputException>(() => new ScaleServicesTask(sessions).RunAsync(context)),
        };

        Assert.All(errors, e => Assert.StartsWith("no infrastructure outputs: run TerragruntApply first", e.Message, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_failed_migration_stops_the_deploy_and_a_failed_rollout_fails_DeployServices_with_the_service_events()
    {
        fixture.Ready();
        using var running = await RunningServiceAsync("task-api");
        var sessions = new TestSessionFactory(fixture.Moto, fixture.Project, fixture.State.Path);
        var v2 = await fixture.PushAsync(fixture.ImageV2, "task-api");
        var broken = await fixture.PushAsync(fixture.BrokenImage, "task-api");

        // MigrateDb with a failing command: the deploy stops here, with the task's log lines; the service is untouched.
        var failing = await ContextAsync(running.Service, new CapturingLog { Verbosity = Verbosity.Normal }, dryRun: false, "sh", "-c", "echo 'applying 0003'; echo 'ERROR: boom' >&2; exit 3");
        failing.PushedImages["api"] = v2;
        var migration = await Assert.ThrowsAsync<DeployInputException>(() => new MigrateDbTask(sessions).RunAsync(failing));

        Assert.StartsWith("migration FAILED (exit 3", migration.Message, StringComparison.Ordinal);
        Assert.Contains("no service was changed", migration.Message, StringComparison.Ordinal);
        Assert.Contains("ERROR: boom", migration.Message, StringComparison.Ordinal);
        Assert.Equal(running.Endpoint.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(running.Service));
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(running.Endpoint.Ports[0]));

        // DeployServices with an image whose health check fails: a failed deploy with the events; the old version serves.
        var log = new CapturingLog { Verbosity = Verbosity.Normal };
        var brokenDeploy = await ContextAsync(running.Service, log, dryRun: false, "true");
        brokenDeploy.PushedImages["api"] = broken;
        var rollout = await Assert.ThrowsAsync<DeployInputException>(() => new DeployServicesTask(sessions).RunAsync(brokenDeploy));

        Assert.Matches(@"^task-api: revision 1 -> \d FAILED after", rollout.Message);
        Assert.Contains("service events:", rollout.Message, StringComparison.Ordinal);
        Assert.Contains("rolling back", rollout.Message, StringComparison.Ordinal);
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(running.Endpoint.Ports[0]));
        Assert.Equal(running.Endpoint.TaskDefinition, await fixture.Moto.CurrentTaskDefinitionAsync(running.Service));

        // The good image: MigrateDb registers revision 4 (latest is the broken 3) and DeployServices reuses it, by digest.
        var good = await ContextAsync(running.Service, new CapturingLog { Verbosity = Verbosity.Normal }, dryRun: false, "sh", "-c", "echo migrated");
        good.PushedImages["api"] = v2;
        await new MigrateDbTask(sessions).RunAsync(good);
        await new DeployServicesTask(sessions).RunAsync(good);
        var changes = good.Summary.Tasks.SelectMany(t => t.Changes).ToList();

        Assert.Equal(2, changes.Count);
        Assert.Matches(@"^migration ok \(exit 0, \d+\.\d s\)$", changes[0]);
        Assert.Matches(@"^task-api: revision 1 -> 4, stable in \d+\.\d s$", changes[1]);
        Assert.Equal(200, await DataPlaneFixture.StatusAsync(running.Platform.State.Find("task-api")!.Ports[0]));
    }

    [SkippableFact]
    public async Task Runs_the_example_apps_real_migrations_against_postgresql_with_the_database_url_from_ssm()
    {
        fixture.Ready();
        await using var postgres = new PostgresServer();
        await postgres.StartAsync();
        await PutParameterAsync("/pg-api/database_url", postgres.DatabaseUrl);
        var secrets = new JsonArray(new JsonObject { ["name"] = "DATABASE_URL", ["valueFrom"] = "/pg-api/database_url" });
        var service = await fixture.Moto.CreateServiceAsync("dp-cluster", "pg-api", "api", fixture.ImageV1, secrets: secrets);
        var failingService = await fixture.Moto.CreateServiceAsync("dp-cluster", "pg-failing-api", "api", fixture.ImageV1, secrets: secrets,
            environment: new JsonArray(new JsonObject { ["name"] = "MIGRATIONS_DIR", ["value"] = "/app/migrations-failing" }));
        using var platform = fixture.Platform();
        var runner = new MigrationRunner(new EcsClient(fixture.Moto.Settings), platform);
        var network = await fixture.Moto.NetworkAsync();
        var migrate = Migration("/app/bin/migrate");

        var first = (await runner.RunAsync(await runner.PlanAsync(service, fixture.ImageV2, migrate, network))).Result;
        var second = (await runner.RunAsync(await runner.PlanAsync(service, fixture.ImageV2, migrate, network))).Result;
        var failing = (await runner.RunAsync(await runner.PlanAsync(failingService, fixture.MigrationFixturesImage, migrate, network))).Result;

        Assert.True(first.Succeeded, first.Describe() + "\n" + string.Join('\n', first.LogLines));
        Assert.Contains(first.LogLines, l => l.Contains("applied 2, skipped 0", StringComparison.Ordinal));
        Assert.True(second.Succeeded, second.Describe());
        Assert.Contains(second.LogLines, l => l.Contains("applied 0, skipped 2", StringComparison.Ordinal));
        Assert.Equal((true, 1), (failing.Started, failing.ExitCode));
        Assert.DoesNotContain(first.LogLines.Concat(second.LogLines).Concat(failing.LogLines), l => l.Contains(postgres.Password, StringComparison.Ordinal));
        Assert.EndsWith("task-definition/pg-failing-api:1", await fixture.Moto.CurrentTaskDefinitionAsync(failingService), StringComparison.Ordinal);
    }

    private async Task PutParameterAsync(string name, string value)
    {
        using var ssm = new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient(fixture.Moto.Settings.Credentials(),
            new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementConfig
            {
                ServiceURL = fixture.Moto.Settings.EndpointOverride!.ToString(),
                AuthenticationRegion = EcsMoto.Region,
            });
        await ssm.PutParameterAsync(new() { Name = name, Value = value, Type = "SecureString", Overwrite = true });
    }

    /// <summary>A deploy context on a one-service config whose outputs point at <paramref name="service"/> in moto.</summary>
    private async Task<DeployContext> ContextAsync(ServiceTarget service, CapturingLog log, bool dryRun, params string[] migration)
    {
        var repo = fixture.State.Write($"repo-{Guid.NewGuid():N}/deploy.yml", $$"""
            project: {{fixture.Project}}
            region: ap-northeast-1
            images:
              - name: api
                context: app
            services:
              - name: {{service.Name}}
                image: api
                port: 3001
                healthPath: /health
            migrations:
              image: api
              command: [{{string.Join(", ", migration.Select(a => "\"" + a + "\""))}}]
              timeoutMinutes: 2
            environments:
              local:
                iacDir: infra
            """);
        var root = Path.GetDirectoryName(repo)!;
        Directory.CreateDirectory(Path.Combine(root, "app"));
        Directory.CreateDirectory(Path.Combine(root, "infra"));
        File.WriteAllText(Path.Combine(root, "app", "Dockerfile"), "FROM scratch\n");
        var arguments = new Dictionary<string, string> { ["environment"] = "local", ["count"] = "2" };
        if (dryRun)
        {
            arguments["dry-run"] = "true";
        }

        var context = CakeFixture.Context(root, arguments, log);
        var network = await fixture.Moto.NetworkAsync();
        var names = new Dictionary<string, string> { [service.Name] = service.ServiceName };
        context.Outputs = new InfraOutputs(new Dictionary<string, string>(), new Dictionary<string, string>(), service.Cluster, names, names,
            new Dictionary<string, string> { [service.Name] = service.ContainerName }, network.Subnets, network.SecurityGroups, false,
            "assets", "E1", "d.example", new Dictionary<string, string>(), new Dictionary<string, string>(), "alb");
        context.PushedImages["api"] = new PushedImage("api", "127.0.0.1:5050/dry-api", "v3", "sha256:feedface");
        return context;
    }

    /// <summary>A service created in moto with image v1 and started on the data plane (its first deploy).</summary>
    private async Task<RunningService> RunningServiceAsync(string name, TimeSpan? healthTimeout = null)
    {
        var service = await fixture.Moto.CreateServiceAsync("dp-cluster", name, "api", fixture.ImageV1);
        var platform = fixture.Platform(healthTimeout: healthTimeout);
        var rollout = new ServiceRollout(new EcsClient(fixture.Moto.Settings), platform);
        var first = await rollout.ApplyAsync(await rollout.PlanAsync(service, fixture.ImageV1), Timeout);
        return new RunningService(service, platform, rollout, first, platform.State.Find(name)!);
    }

    private sealed record RunningService(ServiceTarget Service, LocalDockerPlatform Platform, ServiceRollout Rollout, RolloutOutcome First,
        LocalServiceEndpoint Endpoint) : IDisposable
    {
        public void Dispose() => Platform.Dispose();
    }

    private static MigrationConfig Migration(params string[] command) => new("api", command, MigrationStrategy.OneOffTask, TimeSpan.FromMinutes(2));

    private async Task AssertOnlyTheImageChanged(string fromArn, string toArn, string image)
    {
        using var ecs = new EcsClient(fixture.Moto.Settings);
        var from = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(fromArn))).TaskDefinition!;
        var to = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(toArn))).TaskDefinition!;
        Assert.Equal(image, TaskDefinitionRenderer.ImageOf(to, "api"));
        Assert.True(TaskDefinitionRenderer.SameRegistration(TaskDefinitionRenderer.WithImage(from, "api", image), to));
    }
}
