using Deploy.Build.Host.Summary;

namespace Deploy.Build.Tests.Support;

/// <summary>The run summary a pipeline run prints at its end, read back from its output (<see cref="SummaryTable"/>).</summary>
public static class RunSummaryText
{
    /// <summary>The output without colour codes.</summary>
    public static string Plain(string output) => SummaryTable.Plain(output);

    /// <summary>The summary table, from its header line on (empty when the run printed none).</summary>
    public static string Of(string output) => SummaryTable.Of(output);

    /// <summary>The summary's rows: task name → outcome (ok, FAILED, skipped).</summary>
    public static Dictionary<string, string> Tasks(string output) =>
        SummaryTable.Parse(output).ToDictionary(r => r.Task, r => r.Outcome, StringComparer.Ordinal);

    /// <summary>The lines a task printed with the given marker at their start (after indentation), e.g. "FAIL ".</summary>
    public static List<string> LinesStartingWith(string output, string marker) =>
        Plain(output).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(marker, StringComparison.Ordinal)).ToList();
}
