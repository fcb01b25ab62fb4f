using System.Globalization;
using System.Text.RegularExpressions;

namespace Deploy.Build.Host.Summary;

/// <summary>One task's row of a run's summary table.</summary>
public sealed record SummaryRow(string Task, string Outcome, double Seconds, string Changes);

/// <summary>Reads the summary table a pipeline run prints at its end (<see cref="SummaryRenderer"/>) back from its output.</summary>
public static partial class SummaryTable
{
    /// <summary>The output without colour codes.</summary>
    public static string Plain(string output) => Colour().Replace(output ?? string.Empty, string.Empty);

    /// <summary>The last summary table in the output, from its header line on (empty when the run printed none).</summary>
    public static string Of(string output)
    {
        var clean = Plain(output);
        var start = Header().Matches(clean).LastOrDefault()?.Index ?? -1;
        return start < 0 ? string.Empty : clean[start..];
    }

    /// <summary>The rows of the last summary table: task, outcome (ok, FAILED, skipped), seconds and what it changed.</summary>
    public static IReadOnlyList<SummaryRow> Parse(string output) =>
        Of(output).Split('\n').Skip(2).TakeWhile(l => !l.StartsWith("---", StringComparison.Ordinal))
            .Select(l => Row().Match(l.TrimEnd('\r'))).Where(m => m.Success)
            .Select(m => new SummaryRow(m.Groups[1].Value, m.Groups[2].Value, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), m.Groups[4].Value.Trim()))
            .ToList();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"(?m)^Task +Outcome +Duration +Changes")]
    private static partial Regex Header();

    [GeneratedRegex(@"^(\S+)\s+(ok|FAILED|skipped)\s+([\d.]+) s\s*(.*)$")]
    private static partial Regex Row();
}
