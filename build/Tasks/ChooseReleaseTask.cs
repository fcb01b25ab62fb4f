using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Releases;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tasks;

[TaskName("ChooseRelease")]
[TaskDescription("Rollback, read-only: the release to put back (--to, default the last good one before the live one), which migrations stay applied, and its static files fetched back.")]
[IsDependentOn(typeof(DeployLockTask))]
[IsDependentOn(typeof(ReadOutputsTask))]
public sealed class ChooseReleaseTask(IDeployStateStores stores, IStaticSiteClients clients) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var store = context.HeldLock?.Store ?? stores.For(context);
        var history = await store.HistoryOrNoneAsync(context.EnvironmentName, ReleaseCatalog.Depth, context.Cancellation).ConfigureAwait(false);
        var choice = ReleaseCatalog.Choose(history, context.EnvironmentName, context.Options.RollbackTo);
        context.RollbackTo = choice.Target;
        var line = $"{(context.DryRun ? "would roll" : "rolling")} {context.EnvironmentName} back from release {ReleaseCatalog.Name(choice.Live)} to {ReleaseCatalog.Name(choice.Target)}, deployed {choice.Target.EndedAt:yyyy-MM-dd HH:mm} UTC";
        context.Log.Information(line);
        context.Summary.Change(line);
        var migrations = ReleaseCatalog.MigrationNote(choice);
        context.Log.Information(migrations);
        context.Summary.Change(migrations);

        // Every file of the release's sites is found and fetched before anything changes: a pruned release is refused here.
        foreach (var site in context.Config.StaticSites)
        {
            if (choice.Target.Sites?.GetValueOrDefault(site.Name) is not { } manifest)
            {
                continue;
            }

            var bucket = StaticSiteTargets.RequireBucket(context.Outputs);
            var folder = Path.Combine(context.RepositoryRoot, ".deploy", "rollback", context.RunId, site.Name);
            var target = new SiteTarget(site.Name, bucket, site.Prefix, folder, CacheRules.For(site), site.KeepReleases, choice.Target.Release);
            using var s3 = clients.CreateS3(context.Aws, site.UploadConcurrency);
            try
            {
                var files = await SiteRestore.FetchAsync(s3, new S3SiteSync(s3, new SyncOptions(site.UploadConcurrency)), target, manifest, choice.Target.RunId, context.Cancellation).ConfigureAwait(false);
                context.RestoredSites[site.Name] = files;
                context.Log.Information("{0}: release {1}'s {2} files fetched back from s3://{3}", site.Name, choice.Target.RunId, files.Count, bucket);
            }
            catch (SiteRestoreException ex)
            {
                throw new DeployInputException(ex.Message + "; nothing was changed");
            }
        }
    }
}
