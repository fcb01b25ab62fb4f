using System.Globalization;
using System.Text;

namespace Deploy.Build.Host.Summary;

/// <summary>Renders the run summary as a console table and as GitHub-flavoured Markdown.</summary>
public static class SummaryRenderer
{
    public static string Text(RunSummary summary, string header)
    {
        var rows = summary.Tasks.Select(t => (t.Name, Outcome(t), Seconds(t.Duration), Changes(t))).ToList();
        var w1 = Math.Max(4, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var w2 = Math.Max(7, rows.Select(r => r.Item2.Length).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.AppendLine(header);
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"Task".PadRight(w1)}  {"Outcome".PadRight(w2)}  {"Duration",9}  Changes");
        sb.AppendLine(new string('-', w1 + w2 + 24));
        foreach (var (name, outcome, seconds, changes) in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{name.PadRight(w1)}  {outcome.PadRight(w2)}  {seconds,9}  {changes}");
        }

        var total = summary.Tasks.Aggregate(TimeSpan.Zero, (a, t) => a + t.Duration);
        sb.AppendLine(new string('-', w1 + w2 + 24));
        sb.Append(CultureInfo.InvariantCulture, $"{"Total".PadRight(w1)}  {string.Empty.PadRight(w2)}  {Seconds(total),9}");
        return sb.ToString();
    }

    public static string Markdown(RunSummary summary, string header)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {Escape(header)}");
        sb.AppendLine();
        sb.AppendLine("| Task | Outcome | Duration | Changes |");
        sb.AppendLine("|---|---|---:|---|");
        foreach (var t in summary.Tasks)
        {
            var changes = Escape(As(t)) + (t.Changes.Count == 0 ? "no changes" : string.Join("<br>", t.Changes.Select(Escape)));
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {Escape(t.Name)} | {Outcome(t)} | {Seconds(t.Duration)} | {changes} |");
        }

        sb.AppendLine();
        sb.Append(Mermaid(summary));
        return sb.ToString();
    }

    /// <summary>
    /// The tasks' durations as a Mermaid Gantt chart (GitHub renders a <c>mermaid</c> block in the job summary): the tasks
    /// run one after another, each a bar from its start to its end; failed ones red (<c>crit</c>); skipped ones left out.
    /// </summary>
    public static string Mermaid(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var sb = new StringBuilder();
        sb.AppendLine("```mermaid");
        sb.AppendLine("gantt");
        sb.AppendLine("  title Task durations");
        sb.AppendLine("  dateFormat YYYY-MM-DD HH:mm:ss.SSS");
        sb.AppendLine("  axisFormat %M:%S");
        sb.AppendLine("  section Run");
        var at = TimeSpan.Zero;
        var n = 0;
        foreach (var t in summary.Tasks)
        {
            var end = at + t.Duration;
            if (t.Outcome != TaskOutcome.Skipped)
            {
                var tag = t.Outcome == TaskOutcome.Failed ? "crit, " : "done, ";
                var label = new string(t.Name.Where(c => c is not (':' or '#' or ';' or ',')).ToArray());
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {label} {Seconds(t.Duration)} :{tag}t{n++}, {ChartTime(at)}, {ChartTime(end > at ? end : at + TimeSpan.FromMilliseconds(1))}");
            }

            at = end;
        }

        sb.AppendLine("```");
        return sb.ToString();
    }

    private static string ChartTime(TimeSpan offset) =>
        new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Add(offset).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Outcome(TaskRecord t) => t.Outcome switch
    {
        TaskOutcome.Failed => "FAILED",
        TaskOutcome.Skipped => "skipped",
        _ => "ok",
    };

    private static string Changes(TaskRecord t) => As(t) + (
        t.Error is not null ? t.Error
        : t.Changes.Count == 0 ? "no changes"
        : string.Join("; ", t.Changes));

    /// <summary>"[as role] " when the task called AWS.</summary>
    private static string As(TaskRecord t) => t.Identities.Count == 0 ? string.Empty : $"[as {string.Join(", ", t.Identities)}] ";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
