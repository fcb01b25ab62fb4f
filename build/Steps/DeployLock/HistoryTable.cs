using System.Globalization;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>The audit log as the History target prints it.</summary>
public static class HistoryTable
{
    public static string Render(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0)
        {
            return "No deploys recorded.";
        }

        var lines = new List<string> { $"{"Started (UTC)",-20} {"Target",-16} {"Release",-24} {"Result",-8} {"Took",7}  Who" };
        lines.AddRange(records.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.StartedAt:yyyy-MM-dd HH:mm:ss}  {r.Target,-16} {r.Release,-24} {r.Result + (r.DryRun ? "*" : string.Empty),-8} {r.DurationSeconds,6:0.0}s  {r.Owner}@{r.Host}")));
        return string.Join(Environment.NewLine, lines);
    }
}
