using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Tools.Git;

namespace Deploy.Build.Tests.DeployLock;

/// <summary>The audit record's JSON: the commit fields added later round-trip, and records written before them still read.</summary>
public sealed class AuditRecordTests
{
    [Fact]
    public void A_record_written_before_the_commit_fields_reads_back_with_nulls()
    {
        const string older = """
            {"environment":"staging","target":"DeployStaging","owner":"alice","host":"h","release":"abc123def456","runId":"r1",
             "startedAt":"2026-11-01T10:00:00+00:00","durationSeconds":120.5,"result":"ok","dryRun":false,
             "digests":{"api":"sha256:1"},"changes":["PushImages: pushed api"]}
            """;

        var record = AuditRecord.FromJson(older);

        Assert.Equal("abc123def456", record.Release);
        Assert.Null(record.Commit);
        Assert.Null(record.CommittedAt);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T10:02:00.5+00:00", System.Globalization.CultureInfo.InvariantCulture), record.EndedAt);
    }

    [Fact]
    public void The_commit_and_its_time_round_trip_and_the_end_time_is_not_stored()
    {
        var committed = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.FromHours(9));
        var record = new AuditRecord("staging", "DeployStaging", "alice", "h", "abc123def456", "r1", committed.AddHours(1), 60, "ok", false,
            new Dictionary<string, string>(), [], new string('a', 40), committed);

        var json = record.ToJson();
        var back = AuditRecord.FromJson(json);

        Assert.Equal(new string('a', 40), back.Commit);
        Assert.Equal(committed, back.CommittedAt);
        Assert.DoesNotContain("endedAt", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567\n2026-11-01T09:30:00+09:00\n", true, true)]
    [InlineData("0123456789abcdef0123456789abcdef01234567\n", true, false)]
    [InlineData("fatal: not a git repository", false, false)]
    [InlineData(null, false, false)]
    public void Git_show_output_gives_the_full_sha_and_the_committer_date_where_it_has_them(string? output, bool hasSha, bool hasTime)
    {
        var (sha, at) = GitRevision.ParseCommit(output);

        Assert.Equal(hasSha, sha is not null);
        Assert.Equal(hasTime, at is not null);
        if (hasTime)
        {
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.Zero), at!.Value.ToUniversalTime());
        }
    }
}

/// <summary>History --metrics reads only the records of its window, chosen by key (start time) before any is fetched.</summary>
public sealed class AuditWindowTests
{
    [Fact]
    public void Only_keys_of_runs_started_in_the_window_are_read()
    {
        var since = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(9)); // 00:00Z
        AuditRecord At(DateTimeOffset started) =>
            // The pipeline's start times are UTC (DateTimeOffset.UtcNow), and so are the keys.
            new("staging", "DeployStaging", "a", "h", "r", "run" + started.ToUnixTimeSeconds(), started.ToUniversalTime(), 1, "ok", false, new Dictionary<string, string>(), []);
        var keys = new[]
        {
            At(since.AddSeconds(-1)).Key,
            At(since).Key,
            At(since.AddDays(3)).Key,
        };

        var chosen = DeployStateStore.KeysSince(keys, "staging", since).ToList();

        Assert.Equal([keys[1], keys[2]], chosen);
    }
}
