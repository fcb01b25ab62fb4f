using System.Globalization;

namespace Deploy.Build.LocalCloud;

/// <summary>LocalStatus as a plain text table: service, state, PID, address, health, log.</summary>
public static class LocalStatusTable
{
    private static readonly string[] Header = ["SERVICE", "STATE", "PID", "ADDRESS", "HEALTHY", "LOG"];

    public static IReadOnlyList<string> Render(IReadOnlyList<ServiceStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new List<string[]> { Header };
        table.AddRange(rows.Select(r => new[]
        {
            r.Name,
            r.State,
            r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
            $"{LocalCloudSettings.Host}:{r.Port.ToString(CultureInfo.InvariantCulture)}",
            r.Healthy ? "yes" : "no",
            r.LogPath,
        }));
        var widths = Enumerable.Range(0, 6).Select(i => table.Max(row => row[i].Length)).ToArray();
        return table.Select(row => string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])))).ToList();
    }
}
