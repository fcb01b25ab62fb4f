using System.Text.Json;

namespace Deploy.Build.Steps.Services;

/// <summary>
/// The environment's last migration run that succeeded: the image (by digest) and command it ran, the task definition
/// revision it ran as (Terraform's environment and secrets with that image), and the infrastructure as it stood (the
/// state's identity, so a database that Terraform replaced or restored since is migrated again). Kept in the deploy
/// state bucket under <c>deploy/</c>, where the deploy role may write.
/// </summary>
public sealed record MigrationRecord(
    string Environment,
    string Image,
    IReadOnlyList<string> Command,
    string TaskDefinition,
    string Infrastructure,
    string Release,
    string RunId,
    DateTimeOffset At)
{
    public string ToJson() => JsonSerializer.Serialize(this, DeployLock.LockJson.Options);

    public static MigrationRecord? FromJson(string json) => JsonSerializer.Deserialize<MigrationRecord>(json, DeployLock.LockJson.Options);

    /// <summary>
    /// Why the planned migration need not run (null: it must). It is skipped only when nothing that decides what it
    /// does differs from the last run that succeeded: the same image digest, command and task definition revision,
    /// against infrastructure whose state has not changed since (an unknown state identity, as on AWS today, never
    /// skips), and <paramref name="force"/> (--force-migrations, e.g. after a database restore) is not set.
    /// </summary>
    public static string? AlreadyApplied(MigrationRecord? last, string image, IReadOnlyList<string> command, string? taskDefinition,
        string? infrastructure, bool force)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (force || last is null || taskDefinition is null || infrastructure is null)
        {
            return null;
        }

        var same = last.Image == image && last.Command.SequenceEqual(command, StringComparer.Ordinal)
                   && last.TaskDefinition == taskDefinition && last.Infrastructure == infrastructure;
        return same
            ? $"migrations already applied: [{string.Join(' ', command)}] succeeded with this image as {taskDefinition[(taskDefinition.LastIndexOf('/') + 1)..]} " +
              $"(release {last.Release}, {last.At:yyyy-MM-dd HH:mm}Z) and the infrastructure has not changed since; --force-migrations runs them anyway"
            : null;
    }
}
