using Cake.Frosting;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

[TaskName("PromoteImages")]
[TaskDescription("Production only: copy the exact image digests staging tested for this source tree (tagged tested-<tree> by MarkTested) from staging's registry into production's, registry to registry; nothing is rebuilt.")]
[IsDependentOn(typeof(EnsureEcrTask))]
public sealed class PromoteImagesTask(ImagePromoter promoter, IImageRegistry registry) : AsyncFrostingTask<DeployContext>
{
    public const string SourceEnvironment = "staging";

    public override bool ShouldRun(DeployContext context) => context.EnvironmentName == "production";

    public override async Task RunAsync(DeployContext context)
    {
        var tag = ImagePlan.Tag(context.ReleaseVersion ?? throw new InvalidOperationException("no release version: Preflight sets it"));
        // Staging's release of the same source tree: a merge commit on production has a new SHA but the tree staging deployed.
        var tree = context.ReleaseSource?.Tree ?? throw new DeployInputException("the source tree is unknown (git): production promotes staging's release of the same tree");
        var tested = ImagePlan.TestedTag(tree);
        var (source, target) = await RegistriesAsync(context).ConfigureAwait(false);
        using (source)
        using (target)
        {
            foreach (var image in context.Config.Images)
            {
                var route = new PromotionRoute(source, RepositoryPolicy.RepositoryName(context.Config.Project, SourceEnvironment, image.Name),
                    target, RepositoryPolicy.RepositoryName(context.Config.Project, context.EnvironmentName, image.Name));
                if (await source.FindDigestAsync(route.SourceRepository, tested, context.Cancellation).ConfigureAwait(false) is null)
                {
                    throw new DeployInputException($"{SourceEnvironment} never finished a deploy of source tree {tree[..12]} (commit {context.ReleaseSource?.ShortSha}): "
                                                   + $"{route.SourceRepository}:{tested} is not in {source.Address}; production deploys only what {SourceEnvironment} tested, so deploy this tree to {SourceEnvironment} first");
                }

                var digest = await promoter.PromoteAsync(route, tested, tag, context.DryRun, context.Cancellation).ConfigureAwait(false);
                if (digest is null)
                {
                    context.Summary.Change($"would promote {image.Name}:{tested} from {SourceEnvironment} ({source.Address}) as {tag}");
                    continue;
                }

                var repository = await registry.RepositoryReferenceAsync(route.TargetRepository).ConfigureAwait(false);
                context.PushedImages[image.Name] = new PushedImage(image.Name, repository, tag, digest);
                context.Summary.Change($"promoted {image.Name}@{digest}");
            }
        }
    }

    /// <summary>
    /// Staging's registry and production's, through ECR's distribution API with the token production's deploy role gets
    /// (an ECR token is valid for every registry the principal may use; staging's repository policy lets the role pull).
    /// </summary>
    private async Task<(DistributionRegistry Source, DistributionRegistry Target)> RegistriesAsync(DeployContext context)
    {
        var stagingAccount = context.Config.Environments.GetValueOrDefault(SourceEnvironment)?.AccountId
                             ?? throw new DeployInputException($"environments.{SourceEnvironment}.accountId is not set in deploy.yml: production promotes from staging's registry, in staging's account");
        var login = await registry.GetLoginAsync(context.Cancellation).ConfigureAwait(false)
                    ?? throw new DeployInputException($"{registry.Description} gave no login for the distribution API");
        var sourceHost = EcrImageRegistry.RegistryHost(stagingAccount, context.Config.Region);
        context.Secrets.Register(login.Password);
        return (new DistributionRegistry(sourceHost, new RegistryLogin(sourceHost, login.Username, login.Password), https: true),
            new DistributionRegistry(login.Server, login, https: true));
    }
}
