namespace Deploy.Build.Steps.DeployLock;

/// <summary>At the end of a run that took the lock: append the audit record, then release the lock. Failures here are reported, not thrown.</summary>
public static class RunCompletion
{
    public static async Task<string?> FinishAsync(DeployContext context, bool successful, string? stoppedBy = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TakeHeldLock() is not { } held)
        {
            return null;
        }

        var problems = new List<string>();
        // A rollback's record is the release it put back (its version, commit, tree, digests), restored by this run.
        var restored = context.RollbackTo;
        var record = new AuditRecord(
            context.EnvironmentName,
            held.Target,
            held.Record.Owner,
            held.Record.Host,
            restored?.Release ?? held.Record.Release,
            context.RunId,
            context.StartedAt,
            Math.Round((DateTimeOffset.UtcNow - context.StartedAt).TotalSeconds, 1),
            successful ? "ok" : stoppedBy is null ? "failed" : $"stopped by {stoppedBy}",
            context.DryRun,
            restored?.Digests ?? context.PushedImages.ToDictionary(p => p.Key, p => p.Value.Digest, StringComparer.Ordinal),
            context.Summary.Tasks.SelectMany(t => t.Changes.Select(c => $"{t.Name}: {c}")).ToList(),
            restored is null ? context.ReleaseSource?.Sha : restored.Commit,
            restored is null ? context.ReleaseSource?.CommittedAt : restored.CommittedAt,
            restored is null ? context.ReleaseSource?.Tree : restored.Tree,
            new Dictionary<string, string>(context.ServiceRevisions, StringComparer.Ordinal),
            new Dictionary<string, string>(context.SiteManifests, StringComparer.Ordinal),
            context.Migrations ?? restored?.Migrations,
            context.InfraIdentity,
            restored?.RunId,
            new Dictionary<string, int>(context.ServiceCounts, StringComparer.Ordinal));
        try
        {
            await held.Store.AppendAuditAsync(record).ConfigureAwait(false);
        }
        catch (Amazon.S3.AmazonS3Exception ex)
        {
            problems.Add($"audit record not written: {ex.Message}");
        }

        try
        {
            if (!await held.Store.ReleaseAsync(context.EnvironmentName, held.ETag).ConfigureAwait(false))
            {
                problems.Add("the deploy lock was no longer ours (taken over after expiry?)");
            }
        }
        catch (Amazon.S3.AmazonS3Exception ex)
        {
            problems.Add($"deploy lock not released: {ex.Message}; run Unlock --environment={context.EnvironmentName}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
