using Cake.Frosting;
using Deploy.Build.Steps.Images;

namespace Deploy.Build.Tasks;

[TaskName("PushImages")]
[TaskDescription("Log in to the registry, push the built images, tag each image's manifest with the release and record its digest for the deploy.")]
[IsDependentOn(typeof(BuildImagesTask))]
public sealed class PushImagesTask(ImagePusher pusher) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        foreach (var outcome in await pusher.PushAllAsync(context, context.Options.BuildParallelism(context.Config.BuildParallelism), context.Cancellation).ConfigureAwait(false))
        {
            if (outcome.Digest is not null)
            {
                context.PushedImages[outcome.Target.Name] = new PushedImage(outcome.Target.Name, outcome.Target.Repository, outcome.Target.DeployTag, outcome.Digest);
            }

            context.Summary.Change(outcome.Summary(context.DryRun));
        }
    }
}
