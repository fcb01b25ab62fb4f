using Cake.Frosting;
using Deploy.Build.Steps.Images;

namespace Deploy.Build.Tasks;

[TaskName("PromoteImages")]
[TaskDescription("Production only: copy the exact image digests staging tested into production's repositories; nothing is rebuilt.")]
[IsDependentOn(typeof(EnsureEcrTask))]
public sealed class PromoteImagesTask(ImagePromoter promoter, IImageRegistry registry) : AsyncFrostingTask<DeployContext>
{
    public const string SourceEnvironment = "staging";

    public override bool ShouldRun(DeployContext context) => context.EnvironmentName == "production";

    public override async Task RunAsync(DeployContext context)
    {
        var tag = ImagePlan.Tag(context.ReleaseVersion ?? throw new InvalidOperationException("no release version: Preflight sets it"));
        foreach (var image in context.Config.Images)
        {
            var source = RepositoryPolicy.RepositoryName(context.Config.Project, SourceEnvironment, image.Name);
            var target = RepositoryPolicy.RepositoryName(context.Config.Project, context.EnvironmentName, image.Name);
            var digest = await promoter.PromoteAsync(source, target, tag, context.DryRun).ConfigureAwait(false);
            if (digest is null)
            {
                context.Summary.Change($"would promote {image.Name}:{tag} from {SourceEnvironment}");
                continue;
            }

            var repository = await registry.RepositoryReferenceAsync(target).ConfigureAwait(false);
            context.PushedImages[image.Name] = new PushedImage(image.Name, repository, tag, digest);
            context.Summary.Change($"promoted {image.Name}@{digest}");
        }
    }
}
