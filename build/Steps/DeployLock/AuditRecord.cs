using System.Text.Json;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>
/// One deploy in the environment's audit log: who, when, what, how it ended. A successful deploy's or rollback's record
/// is also the release record: <see cref="RunId"/> is the release id, and it names everything the release left live (the
/// source <see cref="Tree"/>, each image's digest, each service's task definition, each static site's release manifest,
/// the migrations and the infrastructure fingerprint), so a later <c>Rollback --to</c> can put it back. The fields after
/// <see cref="Changes"/> came later: older records read back with nulls.
/// </summary>
public sealed record AuditRecord(
    string Environment,
    string Target,
    string Owner,
    string Host,
    string Release,
    string RunId,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    string Result,
    bool DryRun,
    IReadOnlyDictionary<string, string> Digests,
    IReadOnlyList<string> Changes,
    string? Commit = null,
    DateTimeOffset? CommittedAt = null,
    string? Tree = null,
    IReadOnlyDictionary<string, string>? TaskDefinitions = null,
    IReadOnlyDictionary<string, string>? Sites = null,
    ReleaseMigrations? Migrations = null,
    string? Infrastructure = null,
    string? RestoredRelease = null,
    IReadOnlyDictionary<string, int>? DesiredCounts = null)
{
    /// <summary>A release: a deploy or rollback that ended well and changed things (not a dry run).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRelease => Result == Releases.ReleaseTargets.Ok && !DryRun
                             && (Releases.ReleaseTargets.IsDeploy(Target) || Releases.ReleaseTargets.IsRollback(Target));

    /// <summary>When the run ended: start plus duration.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromSeconds(DurationSeconds);

    public string ToJson() => JsonSerializer.Serialize(this, LockJson.Options);

    public static AuditRecord FromJson(string json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, LockJson.Options) ?? throw new InvalidOperationException("empty audit record");

    /// <summary>Object key: time-ordered, unique per run, never overwritten (append-only by construction).</summary>
    public string Key => $"{DeployStateStore.AuditPrefix}{Environment}/{StartedAt:yyyyMMdd'T'HHmmss'Z'}-{RunId}.json";
}

/// <summary>The schema a release runs against: the migration image (by digest) and the release (run id and version) that applied it.</summary>
public sealed record ReleaseMigrations(string Image, string AppliedByRun, string AppliedByRelease);
