using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;

namespace Deploy.Build.Tasks;

[TaskName("History")]
[TaskDescription("Print the last --count (default 10) deploys of --environment from the audit log; --metrics: its DORA metrics over --since (default 30d).")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class HistoryTask(IDeployStateStores stores) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var store = stores.For(context);
        if (context.Options.Metrics)
        {
            var metrics = await ReleaseMetrics.ReadAsync(store, context.EnvironmentName, context.Options.MetricsWindow(), DateTimeOffset.UtcNow, context.Cancellation).ConfigureAwait(false);
            Console.Out.WriteLine(DoraReport.Text(metrics, context.EnvironmentName));
            return;
        }

        var records = await store.HistoryOrNoneAsync(context.EnvironmentName, context.Options.HistoryCount(), context.Cancellation).ConfigureAwait(false);

        Console.Out.WriteLine(HistoryTable.Render(records));
    }
}
