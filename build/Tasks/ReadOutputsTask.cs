using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

[TaskName("ReadOutputs")]
[TaskDescription("Read the infrastructure outputs (read-only) for tasks run without TerragruntApply; skipped when they are known.")]
[IsDependentOn(typeof(PreflightTask))]
public sealed class ReadOutputsTask(IInfraOutputsReader reader) : AsyncFrostingTask<DeployContext>
{
    public override bool ShouldRun(DeployContext context) => context.Outputs is null;

    public override async Task RunAsync(DeployContext context)
    {
        var outputs = await reader.ReadAsync(context, CancellationToken.None).ConfigureAwait(false);
        context.Log.Information("outputs of {0}: cluster {1}, bucket {2}", context.EnvironmentName, outputs.EcsClusterName, outputs.AssetsBucketName);
    }
}
