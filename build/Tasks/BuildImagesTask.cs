using System.Globalization;
using Cake.Core;
using Cake.Frosting;
using Deploy.Build.Steps.Images;

namespace Deploy.Build.Tasks;

[TaskName("BuildImages")]
[TaskDescription("Build every image in parallel, tagged with its identity (the hash of its inputs) and OCI labels; an image whose identity is in the registry is not built.")]
[IsDependentOn(typeof(EnsureEcrTask))]
public sealed class BuildImagesTask(ImageBuilder builder) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        foreach (var outcome in await builder.BuildAllAsync(context, context.Options.BuildParallelism(context.Config.BuildParallelism), ct: context.Cancellation).ConfigureAwait(false))
        {
            context.Summary.Change(outcome.Summary(context.DryRun));
        }
    }
}
