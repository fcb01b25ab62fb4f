using System.Diagnostics;
using System.Globalization;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>What a site sync did (or would do), for the log and the run summary.</summary>
public static class SyncReport
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>e.g. "web: 3 uploaded, 12 unchanged, 1 deleted, 48.2 KB, 0.4 s".</summary>
    public static string Summary(string site, SyncPlan plan, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Create(CultureInfo.InvariantCulture,
            $"{site}: {plan.Uploads.Count} uploaded, {plan.Unchanged.Count} unchanged, {plan.Deletes.Count} deleted, {Bytes(plan.UploadBytes)}, {elapsed.TotalSeconds:0.0} s");
    }

    public static string DryRunSummary(string site, SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Create(CultureInfo.InvariantCulture,
            $"{site}: would upload {plan.Uploads.Count(u => u.Kind == ChangeKind.New)}, update {plan.Uploads.Count(u => u.Kind != ChangeKind.New)}, delete {plan.Deletes.Count} ({Bytes(plan.UploadBytes)}); {plan.Unchanged.Count} unchanged");
    }

    /// <summary>The dry-run listing: every upload, update and delete with its size, in deploy order.</summary>
    public static IEnumerable<string> DryRunLines(SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var u in plan.Uploads)
        {
            var verb = u.Kind switch
            {
                ChangeKind.New => "upload",
                ChangeKind.Content => "update",
                _ => "update headers",
            };
            yield return $"would {verb} {u.File.Key} ({Bytes(u.File.Size)}, {u.File.ContentType}, {u.File.CacheControl})";
        }

        if (plan.ManifestKeyToWrite is not null)
        {
            yield return $"would record release {plan.Manifest.Version} in {plan.ManifestKeyToWrite}";
        }

        foreach (var d in plan.Deletes)
        {
            yield return $"would delete {d.Key} ({Bytes(d.Size)})";
        }

        foreach (var r in plan.Retained)
        {
            yield return $"keep {r.Key} (a previous release uses it)";
        }
    }
}

/// <summary>Reports sync progress at most once a second, and always the last step.</summary>
public sealed class ThrottledProgress(Action<SyncProgress> report, TimeSpan? every = null) : IProgress<SyncProgress>
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _every = every ?? TimeSpan.FromSeconds(1);
    private TimeSpan? _last;

    public void Report(SyncProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (value.FilesDone < value.FilesTotal && _last is { } last && _clock.Elapsed - last < _every)
            {
                return;
            }

            _last = _clock.Elapsed;
            report(value);
        }
    }
}

/// <summary>What SyncStatic leaves for InvalidateCdn: the changed or deleted keys that caches may hold.</summary>
public sealed record SyncedSite(string Name, string Bucket, IReadOnlyList<string> InvalidationCandidates, int InvalidationMaxPaths, TimeSpan InvalidationWait);
