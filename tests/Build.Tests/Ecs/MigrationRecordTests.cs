using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Ecs;

/// <summary>When a deploy may leave the migration task out: only when everything that decides what it does is as it was.</summary>
public sealed class MigrationRecordTests
{
    private const string Image = "127.0.0.1:5000/bm-local-api@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Revision = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bm-local-api:3";
    private static readonly string[] Command = ["./scripts/migrate"];

    private static MigrationRecord Last() =>
        new("local", Image, Command, Revision, "state-a", "abc123", "run-1", new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void The_same_image_command_revision_and_infrastructure_skip_the_run_and_say_why()
    {
        var why = MigrationRecord.AlreadyApplied(Last(), Image, ["./scripts/migrate"], Revision, "state-a", force: false);

        Assert.Equal("migrations already applied: [./scripts/migrate] succeeded with this image as bm-local-api:3 (release abc123, 2026-12-03 09:30Z) " +
                     "and the infrastructure has not changed since; --force-migrations runs them anyway", why);
    }

    public static TheoryData<string, string, string[], string?, string?, bool> MustRun => new()
    {
        { "another image", Image.Replace("1111", "2222", StringComparison.Ordinal), Command, Revision, "state-a", false },
        { "another command", Image, ["./scripts/migrate", "--to", "3"], Revision, "state-a", false },
        { "another revision (settings changed)", Image, Command, Revision.Replace(":3", ":4", StringComparison.Ordinal), "state-a", false },
        { "a revision still to register", Image, Command, null, "state-a", false },
        { "the infrastructure changed since (a database replaced or restored by Terraform)", Image, Command, Revision, "state-b", false },
        { "no state identity (Terragrunt on AWS)", Image, Command, Revision, null, false },
        { "--force-migrations", Image, Command, Revision, "state-a", true },
    };

    [Theory]
    [MemberData(nameof(MustRun))]
    public void Anything_else_runs_the_migrations(string why, string image, string[] command, string? revision, string? infrastructure, bool force)
    {
        Assert.True(MigrationRecord.AlreadyApplied(Last(), image, command, revision, infrastructure, force) is null, why);
    }

    [Fact]
    public void Nothing_recorded_runs_the_migrations()
    {
        Assert.Null(MigrationRecord.AlreadyApplied(null, Image, Command, Revision, "state-a", force: false));
    }

    [Fact]
    public void The_record_round_trips_and_lives_under_the_prefix_the_deploy_role_may_write()
    {
        var record = Last();

        var back = MigrationRecord.FromJson(record.ToJson())!;

        Assert.Equal(record with { Command = back.Command }, back);
        Assert.Equal(Command, back.Command);
        Assert.Equal("deploy/migrations/local.json", DeployStateStore.MigrationKey("local"));
        Assert.StartsWith(DeployStateStore.MetadataPrefix, DeployStateStore.MigrationKey("production"), StringComparison.Ordinal);
    }
}
