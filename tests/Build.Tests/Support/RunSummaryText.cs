using System.Text.RegularExpressions;

namespace Deploy.Build.Tests.Support;

/// <summary>The run summary a pipeline run prints at its end (Host/Summary), read back from its output.</summary>
public static partial class RunSummaryText
{
    /// <summary>The output without colour codes.</summary>
    public static string Plain(string output) => Colour().Replace(output ?? string.Empty, string.Empty);

    /// <summary>The summary table, from its header line on (empty when the run printed none).</summary>
    public static string Of(string output)
    {
        var clean = Plain(output);
        var start = Header().Matches(clean).LastOrDefault()?.Index ?? -1;
        return start < 0 ? string.Empty : clean[start..];
    }

    /// <summary>The summary's rows: task name → outcome (ok, FAILED, skipped).</summary>
    public static Dictionary<string, string> Tasks(string output) =>
        Of(output).Split('\n').Skip(2).TakeWhile(l => !l.StartsWith("---", StringComparison.Ordinal))
            .Select(l => Row().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>The lines a task printed with the given marker at their start (after indentation), e.g. "FAIL ".</summary>
    public static List<string> LinesStartingWith(string output, string marker) =>
        Plain(output).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(marker, StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"Task +Outcome +Duration")]
    private static partial Regex Header();

    [GeneratedRegex(@"^([A-Z]\w+)\s+(ok|FAILED|skipped|cancelled)\s")]
    private static partial Regex Row();
}
