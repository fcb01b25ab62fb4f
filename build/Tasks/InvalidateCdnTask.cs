using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tasks;

[TaskName("InvalidateCdn")]
[TaskDescription("Invalidate on CloudFront only the non-immutable paths the static sync changed or deleted (nothing when nothing changed).")]
[IsDependentOn(typeof(SyncStaticTask))]
public sealed class InvalidateCdnTask(IStaticSiteClients clients) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var work = context.SyncedSites.Values
            .Select(site => (Site: site, Paths: CdnPaths.For(site.InvalidationCandidates, site.InvalidationMaxPaths)))
            .ToList();
        foreach (var (site, _) in work.Where(w => w.Paths.Count == 0))
        {
            context.Log.Information("{0}: nothing cached changed; no invalidation", site.Name);
        }

        work.RemoveAll(w => w.Paths.Count == 0);
        if (work.Count == 0)
        {
            return;
        }

        var distribution = StaticSiteTargets.RequireDistribution(context.Outputs);
        if (context.DryRun)
        {
            foreach (var (site, paths) in work)
            {
                context.Summary.Change($"{site.Name}: would invalidate {string.Join(' ', paths)} on {distribution}");
            }

            return;
        }

        using var cloudFront = clients.CreateCloudFront(context.Aws, message => context.Log.Warning("CloudFront: {0}", message));
        var invalidator = new CdnInvalidator(cloudFront);
        foreach (var (site, paths) in work)
        {
            var invalidation = await invalidator.InvalidateAsync(distribution, paths, context.ReleaseVersion ?? "unversioned",
                new InvalidationOptions(site.InvalidationWait), message => context.Log.Warning(message)).ConfigureAwait(false);
            var line = $"{site.Name}: invalidation {invalidation.Id} ({string.Join(' ', paths)}), {invalidation.Status}";
            context.Log.Information(line);
            context.Summary.Change(line);
        }
    }
}
