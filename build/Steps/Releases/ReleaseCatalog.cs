using System.Globalization;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Steps.Releases;

/// <summary>A rollback's two ends: the live release and the one it puts back.</summary>
public sealed record RollbackChoice(AuditRecord Live, AuditRecord Target);

/// <summary>
/// The environment's releases, read from its audit log (newest first): the successful deploys and rollbacks. The newest
/// is live. A release is named by its id (the run id) or by its version (the commit's short SHA; the newest release of
/// it) or a commit prefix of at least 7 characters.
/// </summary>
public static class ReleaseCatalog
{
    /// <summary>How many audit records a rollback or the listing reads back (newest first).</summary>
    public const int Depth = 200;

    public static IReadOnlyList<AuditRecord> Releases(IEnumerable<AuditRecord> newestFirst) =>
        newestFirst.Where(r => r.IsRelease).ToList();

    /// <summary>
    /// The release <c>Rollback --to</c> puts back: the named one, or by default the last good release before the live
    /// one (before the release the live one restored, when the live one is itself a rollback). Refusals are one line.
    /// </summary>
    public static RollbackChoice Choose(IReadOnlyList<AuditRecord> newestFirst, string environment, string? to)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var releases = Releases(newestFirst).ToList();
        if (releases.Count == 0)
        {
            throw new DeployInputException($"no release of {environment} is recorded yet: nothing to roll back to");
        }

        var live = releases[0];
        if (string.IsNullOrWhiteSpace(to))
        {
            var after = live.RestoredRelease is { } restored && releases.FindIndex(r => r.RunId == restored) is var i and >= 0 ? i : 0;
            return new RollbackChoice(live, releases.Skip(after + 1).FirstOrDefault()
                ?? throw new DeployInputException($"{environment} has no release before the live one ({Name(live)}) to roll back to"));
        }

        var wanted = to.Trim();
        var target = releases.FirstOrDefault(r => r.RunId.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                     ?? releases.FirstOrDefault(r => r.Release.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                     ?? (wanted.Length >= 7 ? releases.FirstOrDefault(r => r.Commit?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) == true) : null);
        if (target is null)
        {
            var run = newestFirst.FirstOrDefault(r => r.RunId.Equals(wanted, StringComparison.OrdinalIgnoreCase) || r.Release.Equals(wanted, StringComparison.OrdinalIgnoreCase));
            throw new DeployInputException(run is not null
                ? $"run {run.RunId} ({run.Target} of {run.Release}) is not a release of {environment} ({(run.DryRun ? "a dry run" : run.Result)}): only a deploy that ended well can be rolled back to"
                : $"no release '{wanted}' among {environment}'s last {Depth} audit records; Releases --environment={environment} lists them");
        }

        return ReferenceEquals(target, live)
            ? throw new DeployInputException($"release {Name(target)} is live already in {environment}: nothing to roll back")
            : new RollbackChoice(live, target);
    }

    /// <summary>
    /// What a rollback does to the schema: nothing. Migrations never run backwards; the schema the live release runs
    /// against stays, and the release put back must work with it (expand/contract: a migration only adds what the
    /// previous release can ignore; a later release drops what no running release uses).
    /// </summary>
    public static string MigrationNote(RollbackChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        var (live, target) = (choice.Live.Migrations, choice.Target.Migrations);
        if (live is null)
        {
            return "migrations: none recorded for the live release; nothing is run backwards";
        }

        return target is not null && target.Image == live.Image
            ? $"migrations: unchanged between the two releases (applied by release {live.AppliedByRun}, {live.AppliedByRelease}); none is run"
            : $"migrations stay applied: the schema as release {live.AppliedByRun} ({live.AppliedByRelease}) migrated it, which is ahead of release {choice.Target.RunId}'s "
              + $"({(target is null ? "none recorded" : $"by {target.AppliedByRun}")}); migrations never run backwards, so {choice.Target.Release}'s code runs on the newer schema (expand/contract)";
    }

    public static string Name(AuditRecord release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return $"{release.RunId} ({release.Release})";
    }

    /// <summary>The Releases table, newest first; the live release is marked.</summary>
    public static string Table(IReadOnlyList<AuditRecord> newestFirst)
    {
        var releases = Releases(newestFirst ?? []);
        if (releases.Count == 0)
        {
            return "No releases recorded.";
        }

        var lines = new List<string> { $"{"",-4} {"Release",-16} {"Version",-14} {"Tree",-8} {"Deployed (UTC)",-19} {"Took",7}  {"What",-28} Who" };
        lines.AddRange(releases.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(i == 0 ? "live" : string.Empty),-4} {r.RunId,-16} {r.Release,-14} {(r.Tree is { Length: >= 8 } t ? t[..8] : "-"),-8} {r.EndedAt:yyyy-MM-dd HH:mm:ss} {r.DurationSeconds,6:0.0}s  {What(r),-28} {r.Owner}@{r.Host}")));
        return string.Join(Environment.NewLine, lines);
    }

    private static string What(AuditRecord r) =>
        ReleaseTargets.IsRollback(r.Target) ? $"rollback to {r.RestoredRelease ?? "previous"}" : $"{r.Target} ({r.Digests.Count} images)";
}
