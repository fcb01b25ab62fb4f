using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tests.Releases;

/// <summary>Which release a rollback puts back, what it says about the schema, and the Releases table, from hand-made audit records.</summary>
public sealed class ReleaseCatalogTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static AuditRecord Run(string id, string version, int minute, string target = "DeployStaging", string result = "ok", bool dryRun = false,
        string? restored = null, ReleaseMigrations? migrations = null) =>
        new("staging", target, "alice", "h", version, id, Day.AddMinutes(minute), 60, result, dryRun,
            new Dictionary<string, string> { ["api"] = $"sha256:{version}" }, [], new string(version[0], 40), Day.AddMinutes(minute - 5), $"tree{version}",
            new Dictionary<string, string> { ["api"] = $"arn:aws:ecs:ap-northeast-1:1:task-definition/p-api:{minute}" },
            new Dictionary<string, string> { ["web"] = $".deploy/releases/{minute}-{version}.json" }, migrations, "infra", restored);

    // Newest first, as the audit store reads them back.
    private static readonly IReadOnlyList<AuditRecord> History =
    [
        Run("r5", "eee5555", 50, result: "failed"),
        Run("r4", "ddd4444", 40, dryRun: true),
        Run("r3", "ccc3333", 30, migrations: new ReleaseMigrations("sha256:m3", "r3", "ccc3333")),
        Run("r2", "bbb2222", 20, migrations: new ReleaseMigrations("sha256:m1", "r1", "aaa1111")),
        Run("r1", "aaa1111", 10, migrations: new ReleaseMigrations("sha256:m1", "r1", "aaa1111")),
    ];

    [Fact]
    public void Only_successful_deploys_and_rollbacks_are_releases_and_the_newest_is_live()
    {
        Assert.Equal(["r3", "r2", "r1"], ReleaseCatalog.Releases(History).Select(r => r.RunId));
        var table = ReleaseCatalog.Table(History).Split(Environment.NewLine);
        Assert.Equal(4, table.Length);
        Assert.StartsWith("live r3 ", table[1], StringComparison.Ordinal);
        Assert.Contains("treeccc3", table[1], StringComparison.Ordinal);
        Assert.Contains("DeployStaging (1 images)", table[1], StringComparison.Ordinal);
        Assert.StartsWith("     r2 ", table[2], StringComparison.Ordinal);
        Assert.Equal("No releases recorded.", ReleaseCatalog.Table([History[0]]));
    }

    [Fact]
    public void By_default_the_rollback_goes_to_the_release_before_the_live_one()
    {
        var choice = ReleaseCatalog.Choose(History, "staging", null);
        Assert.Equal("r3", choice.Live.RunId);
        Assert.Equal("r2", choice.Target.RunId);
    }

    [Fact]
    public void After_a_rollback_the_default_goes_before_the_release_it_restored()
    {
        // r6 put r2 back: rolling back again goes to r1 (not to r3, the release that was rolled back).
        var history = History.Prepend(Run("r6", "bbb2222", 60, target: "Rollback", restored: "r2")).ToList();
        var choice = ReleaseCatalog.Choose(history, "staging", null);
        Assert.Equal("r6", choice.Live.RunId);
        Assert.Equal("r1", choice.Target.RunId);
        Assert.Contains("rollback to r2", ReleaseCatalog.Table(history), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("r1", "r1")]
    [InlineData("R2", "r2")]
    [InlineData("aaa1111", "r1")]
    [InlineData("bbbbbbbb", "r2")] // a commit prefix (7 or more characters)
    public void A_release_is_named_by_id_version_or_commit(string to, string expected) =>
        Assert.Equal(expected, ReleaseCatalog.Choose(History, "staging", to).Target.RunId);

    [Theory]
    [InlineData("r3", "release r3 (ccc3333) is live already in staging: nothing to roll back")]
    [InlineData("r5", "run r5 (DeployStaging of eee5555) is not a release of staging (failed): only a deploy that ended well can be rolled back to")]
    [InlineData("r4", "run r4 (DeployStaging of ddd4444) is not a release of staging (a dry run): only a deploy that ended well can be rolled back to")]
    [InlineData("nope", "no release 'nope' among staging's last 200 audit records; Releases --environment=staging lists them")]
    public void Refusals_are_one_line(string to, string message) =>
        Assert.Equal(message, Assert.Throws<DeployInputException>(() => ReleaseCatalog.Choose(History, "staging", to)).Message);

    [Fact]
    public void Nothing_to_roll_back_to_is_refused()
    {
        Assert.Equal("no release of staging is recorded yet: nothing to roll back to",
            Assert.Throws<DeployInputException>(() => ReleaseCatalog.Choose([History[0]], "staging", null)).Message);
        Assert.Equal("staging has no release before the live one (r1 (aaa1111)) to roll back to",
            Assert.Throws<DeployInputException>(() => ReleaseCatalog.Choose([History[^1]], "staging", null)).Message);
    }

    [Fact]
    public void A_rollback_says_which_migrations_stay_applied_and_never_runs_one_backwards()
    {
        var ahead = ReleaseCatalog.MigrationNote(ReleaseCatalog.Choose(History, "staging", "r2"));
        Assert.Equal("migrations stay applied: the schema as release r3 (ccc3333) migrated it, which is ahead of release r2's (by r1); "
                     + "migrations never run backwards, so bbb2222's code runs on the newer schema (expand/contract)", ahead);

        var history = History.Skip(3).ToList(); // r2 live, r1 before it: the same migration image
        Assert.Equal("migrations: unchanged between the two releases (applied by release r1, aaa1111); none is run",
            ReleaseCatalog.MigrationNote(ReleaseCatalog.Choose(history, "staging", null)));
    }

    [Fact]
    public void The_release_fields_round_trip_and_older_records_read_back_without_them()
    {
        var record = History[2];
        var back = AuditRecord.FromJson(record.ToJson());
        Assert.Equal("treeccc3333", back.Tree);
        Assert.Equal(record.TaskDefinitions, back.TaskDefinitions);
        Assert.Equal(record.Sites, back.Sites);
        Assert.Equal(record.Migrations, back.Migrations);
        Assert.Equal("infra", back.Infrastructure);
        Assert.True(back.IsRelease);

        var older = AuditRecord.FromJson("""{"environment":"staging","target":"DeployStaging","owner":"a","host":"h","release":"v","runId":"r0","startedAt":"2026-11-01T10:00:00+00:00","durationSeconds":1,"result":"ok","dryRun":false,"digests":{},"changes":[]}""");
        Assert.Null(older.Tree);
        Assert.Null(older.TaskDefinitions);
        Assert.Null(older.Sites);
        Assert.Null(older.RestoredRelease);
    }
}
