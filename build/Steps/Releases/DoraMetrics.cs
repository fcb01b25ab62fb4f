using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build.Steps.Releases;

/// <summary>
/// The four DORA figures of one environment over a window, from its audit log. Only real runs count (dry runs never).
/// <list type="bullet">
/// <item>deployment frequency: successful deploys per day;</item>
/// <item>lead time for changes: median of commit time to deploy end, over successful deploys whose record has the commit time (older ones are skipped);</item>
/// <item>change failure rate: deploys that failed (any result but ok, a stop by signal included) or were rolled back (a successful Rollback after them, before the next deploy), over all deploys;</item>
/// <item>time to restore: median from the end of a failed or rolled-back deploy to the end of the next successful deploy or rollback (consecutive failures are one outage).</item>
/// </list>
/// </summary>
public sealed record DoraMetrics(
    DateTimeOffset Since,
    DateTimeOffset Until,
    int Deploys,
    int Succeeded,
    int Failed,
    int RolledBack,
    int LeadTimeSamples,
    TimeSpan? LeadTime,
    IReadOnlyList<TimeSpan> Restores,
    bool Unrestored)
{
    public double Days => Math.Max((Until - Since).TotalDays, 1.0 / 24);

    public double DeploysPerDay => Succeeded / Days;

    /// <summary>(failed + rolled back) / deploys; null without deploys.</summary>
    public double? ChangeFailureRate => Deploys == 0 ? null : (double)(Failed + RolledBack) / Deploys;

    public TimeSpan? TimeToRestore => Median(Restores);

    /// <summary>The figures of the records that started in [since, until].</summary>
    public static DoraMetrics From(IEnumerable<AuditRecord> history, DateTimeOffset since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(history);
        var runs = history
            .Where(r => !r.DryRun && r.StartedAt >= since && r.StartedAt <= until
                        && (ReleaseTargets.IsDeploy(r.Target) || ReleaseTargets.IsRollback(r.Target)))
            .OrderBy(r => r.StartedAt)
            .ToList();

        int deploys = 0, succeeded = 0, failed = 0, rolledBack = 0;
        var leadTimes = new List<TimeSpan>();
        var restores = new List<TimeSpan>();
        DateTimeOffset? outageSince = null;
        AuditRecord? lastDeploy = null;
        var lastDeployRolledBack = false;
        foreach (var run in runs)
        {
            var ok = run.Result == ReleaseTargets.Ok;
            if (ReleaseTargets.IsRollback(run.Target))
            {
                if (!ok)
                {
                    continue;
                }

                // A rollback undoes the deploy before it (once): that deploy is a change failure, restored now.
                if (lastDeploy is { } undone && undone.Result == ReleaseTargets.Ok && !lastDeployRolledBack)
                {
                    rolledBack++;
                    lastDeployRolledBack = true;
                    outageSince ??= undone.EndedAt;
                }

                Restore(run.EndedAt);
                continue;
            }

            deploys++;
            lastDeploy = run;
            lastDeployRolledBack = false;
            if (!ok)
            {
                failed++;
                outageSince ??= run.EndedAt;
                continue;
            }

            succeeded++;
            if (run.CommittedAt is { } committed && run.EndedAt >= committed)
            {
                leadTimes.Add(run.EndedAt - committed);
            }

            Restore(run.EndedAt);
        }

        return new DoraMetrics(since, until, deploys, succeeded, failed, rolledBack, leadTimes.Count, Median(leadTimes), restores, outageSince is not null);

        void Restore(DateTimeOffset at)
        {
            if (outageSince is { } from)
            {
                restores.Add(at - from);
                outageSince = null;
            }
        }
    }

    public static TimeSpan? Median(IReadOnlyList<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Reads an environment's window of the audit log and computes its figures.</summary>
public static class ReleaseMetrics
{
    public static async Task<DoraMetrics> ReadAsync(DeployStateStore store, string environment, TimeSpan window, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var since = now - window;
        var records = await store.HistorySinceOrNoneAsync(environment, since, ct).ConfigureAwait(false);
        return DoraMetrics.From(records, since, now);
    }
}
