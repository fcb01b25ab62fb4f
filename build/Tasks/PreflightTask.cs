using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Preflight;
using Deploy.Build.Tools.Git;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tasks;

[TaskName("Preflight")]
[TaskDescription("Check config, tools, git state and AWS account before any change.")]
public sealed class PreflightTask(ICallerIdentity identity, IDeployStateStores stores) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var config = context.Config;
        var environment = context.DeployEnvironment;
        // --since is read again at the end (History, the summary's metrics): a bad value is refused now, before any change.
        _ = context.Options.MetricsWindow();
        context.Log.Information("Config {0}: project {1}, {2} image(s), {3} service(s), {4} static site(s)",
            context.ConfigPath, config.Project,
            config.Images.Count, config.Services.Count, config.StaticSites.Count);

        foreach (var tool in ToolRequirements.For(config, environment))
        {
            var path = ProcessRunner.Locate(tool.Name)
                       ?? throw new PreflightException(PreflightChecks.MissingTool(tool, environment.Name));
            var version = await ToolProbe.VersionAsync(path, tool.VersionArgs, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            context.Log.Information("  {0,-10} {1}", tool.Name, version ?? "(version unknown)");
            PreflightChecks.RequireSupportedVersion(tool, version);
        }

        PreflightChecks.RequireBranch(environment, context.TargetName ?? string.Empty, context.DryRun, context.GitHubActions, context.GitHubRef);

        var git = await GitRevision.ReadAsync(context.RepositoryRoot).ConfigureAwait(false);
        PreflightChecks.RequireCleanTree(git, environment);
        context.ReleaseVersion = git.ReleaseVersion;
        context.ReleaseSource = git;
        context.Log.Information("Release version {0}{1}", git.ReleaseVersion, git.IsDirty ? " (uncommitted changes)" : string.Empty);

        if (environment.IsAws)
        {
            // As the deploy role (the plan role in a dry run): the identity the lock and state-bucket checks below use too.
            var account = await identity.GetAccountIdAsync(context.Aws).ConfigureAwait(false);
            PreflightChecks.RequireAccount(environment, account);
            context.AwsAccountId = account;
            context.Log.Information("AWS account {0} matches {1}", account, environment.Name);
            var state = stores.For(context);
            if (!await state.BucketExistsAsync(context.Cancellation).ConfigureAwait(false))
            {
                throw new PreflightException(PreflightChecks.NoStateBucket(state.Bucket, environment.Name));
            }
        }
    }
}
