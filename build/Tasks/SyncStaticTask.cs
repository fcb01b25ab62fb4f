using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tasks;

[TaskName("SyncStatic")]
[TaskDescription("Build each static site and sync it to the assets bucket by content: assets first, pages last, then prune old releases.")]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class SyncStaticTask(IStaticSiteClients clients) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var sites = context.Config.StaticSites;
        if (sites.Count == 0)
        {
            context.Log.Information("No static sites configured.");
            return;
        }

        var bucket = StaticSiteTargets.RequireBucket(context.Outputs);
        var version = context.RollbackTo?.Release ?? context.ReleaseVersion ?? "unversioned";
        foreach (var site in sites)
        {
            // A rollback syncs the release's files ChooseRelease fetched back; a release that recorded no site leaves it as it is.
            var restored = context.RestoredSites.GetValueOrDefault(site.Name);
            if (context.RollbackTo is { } release && restored is null)
            {
                context.Summary.Change($"{site.Name}: left as it is (release {release.RunId} recorded no manifest for it)");
                continue;
            }

            if (restored is null)
            {
                await RunSiteBuildAsync(context, site).ConfigureAwait(false);
            }

            var target = new SiteTarget(site.Name, bucket, site.Prefix, context.InConfigDirectory(site.Source), CacheRules.For(site), site.KeepReleases, version);
            using var s3 = clients.CreateS3(context.Aws, site.UploadConcurrency);
            var sync = new S3SiteSync(s3, new SyncOptions(site.UploadConcurrency));
            var plan = await sync.PlanAsync(target, DateTimeOffset.UtcNow, restored, context.Cancellation).ConfigureAwait(false);
            context.SyncedSites[site.Name] = new SyncedSite(site.Name, bucket, plan.InvalidationCandidates, site.InvalidationMaxPaths, site.InvalidationWait);
            if (plan.LiveManifestKey is { } live)
            {
                context.SiteManifests[site.Name] = live;
            }

            if (context.DryRun)
            {
                foreach (var line in SyncReport.DryRunLines(plan))
                {
                    context.Log.Information("  {0}", line);
                }

                context.Summary.Change(SyncReport.DryRunSummary(site.Name, plan));
                continue;
            }

            context.Log.Information("{0}: {1} to upload ({2}), {3} unchanged, {4} to delete, into s3://{5}/{6}",
                site.Name, plan.Uploads.Count, SyncReport.Bytes(plan.UploadBytes), plan.Unchanged.Count, plan.Deletes.Count, bucket, SiteKeys.ListPrefix(site.Prefix));
            var progress = new ThrottledProgress(p => context.Log.Information("  {0}: {1}/{2} files, {3} of {4}",
                site.Name, p.FilesDone, p.FilesTotal, SyncReport.Bytes(p.BytesDone), SyncReport.Bytes(p.BytesTotal)));
            var result = await sync.ApplyAsync(target, plan, progress, context.Cancellation).ConfigureAwait(false);
            var summary = SyncReport.Summary(site.Name, plan, result.Elapsed);
            context.Log.Information(summary);
            context.Summary.Change(summary);
        }
    }

    // The site's build (e.g. node examples/webapp/web/build.mjs) makes its source folder; it only writes locally.
    private static async Task RunSiteBuildAsync(DeployContext context, StaticSiteConfig site)
    {
        if (site.Build.Count == 0)
        {
            return;
        }

        await ConfiguredCommand.RunAsync(site.Build, context.ConfigDirectory, site.Name, "build", context.Log, context.Cancellation).ConfigureAwait(false);
    }
}
