using System.Globalization;
using Cake.Common;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build.Tasks;

[TaskName("History")]
[TaskDescription("Print the last --count (default 10) deploys of --environment from the audit log.")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class HistoryTask : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var count = context.Options.HistoryCount();
        IReadOnlyList<AuditRecord> records;
        try
        {
            records = await DeployStateLocation.StoreFor(context).HistoryAsync(context.EnvironmentName, count).ConfigureAwait(false);
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            records = [];
        }

        Console.Out.WriteLine(HistoryTable.Render(records));
    }
}

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
