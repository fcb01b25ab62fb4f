using System.Globalization;
using System.Text;

namespace Deploy.Build.Steps.Releases;

/// <summary>The DORA figures as History --metrics prints them and as the run and job summaries show them.</summary>
public static class DoraReport
{
    public static IReadOnlyList<(string Name, string Value)> Rows(DoraMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var skipped = metrics.Succeeded - metrics.LeadTimeSamples;
        return
        [
            ("Deployment frequency", string.Create(CultureInfo.InvariantCulture,
                $"{metrics.DeploysPerDay:0.##}/day ({metrics.Succeeded} successful of {metrics.Deploys} deploys)")),
            ("Lead time for changes", metrics.LeadTime is { } lead
                ? $"{Human(lead)} median over {metrics.LeadTimeSamples} deploy(s){(skipped > 0 ? $", {skipped} without a commit time skipped" : string.Empty)}"
                : skipped > 0 ? $"n/a ({skipped} deploy(s) without a commit time)" : "n/a"),
            ("Change failure rate", metrics.ChangeFailureRate is { } rate
                ? string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.#}% ({metrics.Failed} failed, {metrics.RolledBack} rolled back)")
                : "n/a"),
            ("Time to restore", (metrics.TimeToRestore is { } restore
                    ? $"{Human(restore)} median over {metrics.Restores.Count} outage(s)"
                    : "n/a")
                + (metrics.Unrestored ? (metrics.Restores.Count == 0 ? " (one outage not restored yet)" : "; one outage not restored yet") : string.Empty)),
        ];
    }

    public static string Title(DoraMetrics metrics, string environment)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return string.Create(CultureInfo.InvariantCulture, $"DORA metrics of {environment}, last {Human(metrics.Until - metrics.Since)} (since {metrics.Since:yyyy-MM-dd HH:mm}Z)");
    }

    public static string Text(DoraMetrics metrics, string environment)
    {
        var rows = Rows(metrics);
        var width = rows.Max(r => r.Name.Length);
        var sb = new StringBuilder().AppendLine(Title(metrics, environment));
        foreach (var (name, value) in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {value}");
        }

        return sb.ToString().TrimEnd();
    }

    public static string Markdown(DoraMetrics metrics, string environment)
    {
        var sb = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"#### {Title(metrics, environment)}")
            .AppendLine()
            .AppendLine("| Metric | Value |")
            .AppendLine("|---|---|");
        foreach (var (name, value) in Rows(metrics))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return sb.ToString();
    }

    /// <summary>"2d 3h", "3h 12m", "12m 5s", "45s".</summary>
    public static string Human(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? Pair((int)span.TotalDays, "d", span.Hours, "h")
            : span.TotalHours >= 1 ? Pair(span.Hours, "h", span.Minutes, "m")
            : span.TotalMinutes >= 1 ? Pair(span.Minutes, "m", span.Seconds, "s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");

        static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
            string.Create(CultureInfo.InvariantCulture, $"{major}{majorUnit}{(minor == 0 ? string.Empty : $" {minor}{minorUnit}")}");
    }
}
