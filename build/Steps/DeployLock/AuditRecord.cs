using System.Text.Json;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>
/// One deploy in the environment's audit log: who, when, what, how it ended. <see cref="Commit"/> and
/// <see cref="CommittedAt"/> (the deployed commit and its committer date, for lead time) came later: older records
/// have neither and read back with nulls.
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
    DateTimeOffset? CommittedAt = null)
{
    /// <summary>When the run ended: start plus duration.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromSeconds(DurationSeconds);

    public string ToJson() => JsonSerializer.Serialize(this, LockJson.Options);

    public static AuditRecord FromJson(string json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, LockJson.Options) ?? throw new InvalidOperationException("empty audit record");

    /// <summary>Object key: time-ordered, unique per run, never overwritten (append-only by construction).</summary>
    public string Key => $"{DeployStateStore.AuditPrefix}{Environment}/{StartedAt:yyyyMMdd'T'HHmmss'Z'}-{RunId}.json";
}
