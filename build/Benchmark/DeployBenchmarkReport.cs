using System.Globalization;
using System.Text;
using Deploy.Build.Host.Summary;

namespace Deploy.Build.Benchmark;

/// <summary>One deploy of the benchmark: its goal, wall time, outcome and every task's row.</summary>
public sealed record DeployRunFigures(string Name, double GoalSeconds, string Change, TimeSpan Wall, bool Succeeded, IReadOnlyList<SummaryRow> Tasks)
{
    /// <summary>What the run's own summary says it changed, for the checks beside the times.</summary>
    public string ChangesOf(string task) => Tasks.FirstOrDefault(t => t.Task == task)?.Changes ?? string.Empty;
}

/// <summary>The four deploys as one table: a row per task, a column per deploy, then the wall time against its goal.</summary>
public sealed class DeployBenchmarkReport(IReadOnlyList<DeployRunFigures> runs)
{
    public IReadOnlyList<DeployRunFigures> Runs { get; } = runs;

    /// <summary>Each goal met or missed, with the figure; a failed deploy misses.</summary>
    public IEnumerable<(string Target, bool Met, string Detail)> Targets()
    {
        foreach (var run in Runs)
        {
            var seconds = run.Wall.TotalSeconds;
            yield return ($"{run.Name} deploy <= {run.GoalSeconds:0} s", run.Succeeded && seconds <= run.GoalSeconds,
                run.Succeeded ? $"{seconds:0.0} s" : $"failed after {seconds:0.0} s");
        }

        // What each change must have rolled, from the runs' own summaries.
        if (Runs.FirstOrDefault(r => r.Name == "no-op") is { Succeeded: true } noop)
        {
            var services = noop.ChangesOf("DeployServices");
            yield return ("no-op rolls nothing", Unchanged(services, "api") && Unchanged(services, "web"), services);
            var migrations = noop.ChangesOf("MigrateDb");
            yield return ("no-op runs no migration task", migrations.Contains("migrations already applied", StringComparison.Ordinal), Short(migrations));
        }

        if (Runs.FirstOrDefault(r => r.Name == "one service") is { Succeeded: true } one)
        {
            var services = one.ChangesOf("DeployServices");
            yield return ("one service change rolls only the API", !Unchanged(services, "api") && Unchanged(services, "web"), services);
            var migrations = one.ChangesOf("MigrateDb");
            yield return ("a new API image runs the migrations", migrations.Contains("migration ok", StringComparison.Ordinal), Short(migrations));
        }
    }

    /// <summary>A summary cell cut to its first 80 characters, for a check's detail.</summary>
    private static string Short(string changes) => changes.Length <= 80 ? changes : changes[..80] + "...";

    private static bool Unchanged(string changes, string service) => changes.Contains($"{service}: unchanged", StringComparison.Ordinal);

    /// <summary>The console table.</summary>
    public string Render() => Table(markdown: false);

    /// <summary>The same table as GitHub-flavoured Markdown.</summary>
    public string Markdown() => Table(markdown: true);

    private string Table(bool markdown)
    {
        var tasks = Runs.SelectMany(r => r.Tasks.Select(t => t.Task)).Distinct(StringComparer.Ordinal).ToList();
        var header = Row("task", Runs.Select(r => r.Name));
        var rows = tasks.Select(task => Row(task, Runs.Select(r => Cell(r.Tasks.FirstOrDefault(t => t.Task == task))))).ToList();
        rows.Add(Row("tasks total", Runs.Select(r => $"{r.Tasks.Sum(t => t.Seconds):0.0} s")));
        rows.Add(Row("wall (command)", Runs.Select(r => $"{r.Wall.TotalSeconds:0.0} s")));
        rows.Add(Row("goal", Runs.Select(r => $"<= {r.GoalSeconds:0} s")));
        rows.Add(Row("met", Runs.Select(r => r.Succeeded && r.Wall.TotalSeconds <= r.GoalSeconds ? "yes" : r.Succeeded ? "NO" : "FAILED")));

        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine("| " + string.Join(" | ", header) + " |");
            text.AppendLine("|---|" + string.Concat(Runs.Select(_ => "---:|")));
            foreach (var row in rows)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }
        }
        else
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToList();
            string Line(IReadOnlyList<string> cells) =>
                string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
            text.AppendLine(Line(header));
            text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Count - 1))));
            foreach (var row in rows)
            {
                text.AppendLine(Line(row));
            }
        }

        foreach (var (target, met, detail) in Targets())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(markdown ? "- " : string.Empty)}{(met ? "met" : "MISSED")}: {target} ({detail})");
        }

        return text.ToString();
    }

    private static List<string> Row(string first, IEnumerable<string> rest) => [first, .. rest];

    private static string Cell(SummaryRow? row) => row is null ? "-" : row.Outcome == "ok" ? $"{row.Seconds:0.0} s" : $"{row.Outcome} {row.Seconds:0.0} s";
}
