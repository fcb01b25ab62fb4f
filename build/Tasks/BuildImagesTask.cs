using System.Globalization;
using Cake.Core;
using Cake.Frosting;
using Deploy.Build.Steps.Images;

namespace Deploy.Build.Tasks;

[TaskName("BuildImages")]
[TaskDescription("Build every image in parallel, tagged with the release version and OCI labels; an image whose tag exists is skipped.")]
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
