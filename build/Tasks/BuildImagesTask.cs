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
        foreach (var outcome in await builder.BuildAllAsync(context, Parallelism(context), ct: context.Cancellation).ConfigureAwait(false))
        {
            context.Summary.Change(outcome.Summary(context.DryRun));
        }
    }

    /// <summary>--parallelism wins over the config's buildParallelism.</summary>
    public static int Parallelism(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Arguments.HasArgument(Arguments.Parallelism))
        {
            return context.Config.BuildParallelism;
        }

        var text = context.Arguments.GetArgument(Arguments.Parallelism);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16
            ? n
            : throw new CakeException($"--parallelism must be a number from 1 to 16, not '{text}'.");
    }
}
