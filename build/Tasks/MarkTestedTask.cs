using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("MarkTested")]
[TaskDescription("Staging, once the smoke test passed: tag each deployed image tested-<source tree> in staging's registry (same digest), what DeployProduction promotes for that tree.")]
[IsDependentOn(typeof(SmokeTestTask))]
public sealed class MarkTestedTask(IImageRegistry registry) : AsyncFrostingTask<DeployContext>
{
    public override bool ShouldRun(DeployContext context) => context.EnvironmentName == PromoteImagesTask.SourceEnvironment;

    public override async Task RunAsync(DeployContext context)
    {
        var tree = context.ReleaseSource?.Tree ?? throw new DeployInputException("the source tree is unknown (git): staging's tested images are named by it");
        var tag = ImagePlan.TestedTag(tree);
        foreach (var image in context.Config.Images)
        {
            var repository = RepositoryPolicy.RepositoryName(context.Config.Project, context.EnvironmentName, image.Name);
            if (context.DryRun || !context.PushedImages.TryGetValue(image.Name, out var pushed))
            {
                context.Summary.Change($"would tag {image.Name} {tag} once deployed");
                continue;
            }

            if (await ImagePusher.TagAsync(registry, repository, pushed.Digest, tag, context.Cancellation).ConfigureAwait(false) is { } earlier)
            {
                // Tags are immutable: the first image staging passed for this tree stays what production promotes.
                context.Log.Warning("{0}:{1} already names {2} (an earlier deploy of this tree), not {3}; production promotes that one", repository, tag, earlier, pushed.Digest);
                continue;
            }

            context.Summary.Change($"tested {image.Name}@{pushed.Digest} as {tag}");
        }
    }
}
