using System.Globalization;
using Cake.Common;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;

namespace Deploy.Build.Tasks;

[TaskName("History")]
[TaskDescription("Print the last --count (default 10) deploys of --environment from the audit log.")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class HistoryTask(IDeployStateStores stores) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var records = await stores.For(context).HistoryOrNoneAsync(context.EnvironmentName, context.Options.HistoryCount(), context.Cancellation).ConfigureAwait(false);

        Console.Out.WriteLine(HistoryTable.Render(records));
    }
}
