using System.Text.Json;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>One deploy in the environment's audit log: who, when, what, how it ended.</summary>
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
    IReadOnlyList<string> Changes)
{
    public string ToJson() => JsonSerializer.Serialize(this, LockJson.Options);

    public static AuditRecord FromJson(string json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, LockJson.Options) ?? throw new InvalidOperationException("empty audit record");

    /// <summary>Object key: time-ordered, unique per run, never overwritten (append-only by construction).</summary>
    public string Key => $"{DeployStateStore.AuditPrefix}{Environment}/{StartedAt:yyyyMMdd'T'HHmmss'Z'}-{RunId}.json";
}
