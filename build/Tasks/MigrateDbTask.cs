using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("MigrateDb")]
[TaskDescription("Run the database migrations as a one-off task with the new API image, before any service changes.")]
[IsDependentOn(typeof(VerifyDeployTask))]
public sealed class MigrateDbTask(IEcsSessionFactory sessions) : AsyncFrostingTask<DeployContext>
{
    /// <summary>How many of the task's last log lines a failure message repeats.</summary>
    private const int FailureLines = 15;

    public override bool ShouldRun(DeployContext context) => context.Config.Migrations is not null;

    public override async Task RunAsync(DeployContext context)
    {
        // Needs: the migration settings, the service that lends its task definition, the pushed image, the network.
        var migrations = context.Config.Migrations!;
        var outputs = EcsTargets.RequireOutputs(context.Outputs);
        var service = EcsTargets.For(EcsTargets.MigrationService(context.Config, migrations), outputs);
        var network = EcsTargets.Network(outputs);
        var image = EcsTargets.Pushed(context.PushedImages, migrations.Image, context.DryRun);
        void Log(string line) => context.Log.Information("{0}", line);

        using var session = sessions.Open(context, Log);
        if (image is null)
        {
            Log($"would run [{string.Join(' ', migrations.Command)}] as a one-off task of {service.ServiceName}'s task definition with the new {migrations.Image} image");
            context.Summary.Change("would run the migrations (image not pushed in a dry run)");
            return;
        }

        // Decides: which revision runs the migration (the service's, with only the image changed), and whether exactly
        // this migration already succeeded against this infrastructure (then it is not run again).
        var plan = await session.Migrations.PlanAsync(service, image.ByDigest, migrations, network).ConfigureAwait(false);
        var revision = plan.Revision.Existing is { } existing ? TaskDefinitionRenderer.Arn(existing) : null;
        var last = await LastRunAsync(context, session).ConfigureAwait(false);
        if (MigrationRecord.AlreadyApplied(last, image.ByDigest, migrations.Command, revision, context.InfraIdentity, context.Options.ForceMigrations) is { } applied)
        {
            Log(applied);
            context.Summary.Change(applied);
            context.Migrations = new Steps.DeployLock.ReleaseMigrations(last!.Image, last.RunId, last.Release);
            return;
        }

        if (context.DryRun)
        {
            Log(plan.Describe());
            context.Summary.Change(plan.Describe());
            return;
        }

        // Changes: registers the revision if new, runs the one-off task, waits; reports its log lines.
        var (result, ranAs) = await session.Migrations.RunAsync(plan).ConfigureAwait(false);
        foreach (var line in result.LogLines)
        {
            context.Log.Information("  | {0}", line);
        }

        var summary = MigrationRunner.Summary(result);
        if (!result.Succeeded)
        {
            var tail = result.LogLines.Count == 0 ? " (no log lines)" : Environment.NewLine + string.Join(Environment.NewLine, result.LogLines.TakeLast(FailureLines));
            throw new DeployInputException($"{summary}; no service was changed{tail}");
        }

        context.Summary.Change(summary);
        context.Migrations = new Steps.DeployLock.ReleaseMigrations(image.ByDigest, context.RunId, context.ReleaseVersion ?? string.Empty);
        await RecordAsync(context, session, new MigrationRecord(context.EnvironmentName, image.ByDigest, migrations.Command, ranAs,
            context.InfraIdentity ?? string.Empty, context.ReleaseVersion ?? string.Empty, context.RunId, DateTimeOffset.UtcNow)).ConfigureAwait(false);
    }

    /// <summary>Records the run for the next deploy; a record that cannot be written only means the next deploy migrates again.</summary>
    private static async Task RecordAsync(DeployContext context, EcsSession session, MigrationRecord record)
    {
        if (session.State is null || context.InfraIdentity is null)
        {
            return;
        }

        try
        {
            await session.State.WriteMigrationAsync(record, context.Cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex))
        {
            context.Log.Warning("could not record the migration run in s3://{0}/{1} ({2}): the next deploy runs the migrations again",
                session.State.Bucket, Steps.DeployLock.DeployStateStore.MigrationKey(context.EnvironmentName), Reason(ex));
        }
    }

    /// <summary>The last successful run's record; none when there is no store, no state identity, or it cannot be read (then the migrations run).</summary>
    private static async Task<MigrationRecord?> LastRunAsync(DeployContext context, EcsSession session)
    {
        if (session.State is null || context.InfraIdentity is null)
        {
            return null;
        }

        try
        {
            return await session.State.ReadMigrationAsync(context.EnvironmentName, context.Cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex))
        {
            context.Log.Warning("could not read the last migration run from s3://{0}/{1} ({2}): running the migrations",
                session.State.Bucket, Steps.DeployLock.DeployStateStore.MigrationKey(context.EnvironmentName), Reason(ex));
            return null;
        }
    }

    /// <summary>The record is an optimisation: an S3 error, a network failure or an unreadable record never fails the deploy.</summary>
    private static bool Unreachable(Exception ex) =>
        ex is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException
            or System.Text.Json.JsonException;

    private static string Reason(Exception ex) => ex is Amazon.Runtime.AmazonServiceException { ErrorCode: { Length: > 0 } code } ? code : ex.GetType().Name;
}
