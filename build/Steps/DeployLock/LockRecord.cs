using System.Text.Json;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>Who holds an environment's deploy lock, for what release, until when.</summary>
public sealed record LockRecord(string Environment, string Owner, string Host, string Release, string RunId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public string Describe() => $"{Owner} on {Host} (release {Release}) since {AcquiredAt:yyyy-MM-dd HH:mm:ss}Z, expires {ExpiresAt:HH:mm:ss}Z";

    public string ToJson() => JsonSerializer.Serialize(this, LockJson.Options);

    public static LockRecord FromJson(string json) =>
        JsonSerializer.Deserialize<LockRecord>(json, LockJson.Options) ?? throw new InvalidOperationException("empty lock record");
}

internal static class LockJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
