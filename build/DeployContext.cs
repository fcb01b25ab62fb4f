using Cake.Common;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Host.Secrets;
using Deploy.Build.Host.Shutdown;
using Deploy.Build.Host.Summary;
using Deploy.Build.LocalCloud;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Tools.Terraform;
using Args = Deploy.Build.Utilities.Arguments;

namespace Deploy.Build;

/// <summary>
/// Everything a task needs, built once from the command line and deploy.yml.
/// The configuration is loaded lazily so that Test and Help run without one; Preflight loads it first.
/// </summary>
public sealed class DeployContext : FrostingContext
{
    private readonly Lazy<DeployConfig> _config;
    private LocalCloudSettings? _localCloud;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DeployRole, AwsSettings> _aws = new();
    private HeldLock? _heldLock;
    private MirrorChoice? _mirror;

    public DeployContext(ICakeContext context, SecretRegistry secrets, ShutdownSignal? shutdown = null)
        : base(context)
    {
        Secrets = secrets;
        Cancellation = shutdown?.Token ?? CancellationToken.None;
        // A run that does not wind down after SIGTERM still gives the deploy lock back before the process exits.
        shutdown?.OnForcedExit(() => RunCompletion.FinishAsync(this, successful: false, shutdown.Received));
        StopReason = () => shutdown?.Received;
        RepositoryRoot = context.Environment.WorkingDirectory.FullPath;
        GitHubActions = context.EnvironmentVariable(EnvVars.GitHubActions);
        GitHubRef = context.EnvironmentVariable(EnvVars.GitHubRef);
        Options = RunOptions.From(context);
        // The webhook URL is a credential (anyone holding it can post): masked and redacted before anything prints.
        secrets.Register(Options.WebhookUrl);
        EnvironmentName = EnvironmentFor(context.Argument("target", "Default"), Options.Environment);
        DryRun = Options.DryRun || IsReadOnlyTarget(context.Argument("target", "Default"));
        AllowDestroy = Options.AllowDestroy;
        ConfigPath = Path.GetFullPath(Options.Config ?? Paths.ConfigFile, RepositoryRoot);
        ConfigDirectory = Path.GetDirectoryName(ConfigPath)!;
        _config = new Lazy<DeployConfig>(() => DeployConfigLoader.Load(ConfigPath, ConfigDirectory));
    }

    public string RepositoryRoot { get; }

    /// <summary>The pipeline's command-line options, read once (tasks read them here, never from the arguments).</summary>
    public RunOptions Options { get; }

    /// <summary>GITHUB_ACTIONS ("true" in a workflow run) and GITHUB_REF (refs/heads/BRANCH), read once.</summary>
    public string? GitHubActions { get; }

    public string? GitHubRef { get; }

    /// <summary>Cancelled when the process is asked to stop (SIGTERM, Ctrl-C); tasks pass it to everything that waits.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The signal that stopped the run, or null.</summary>
    public Func<string?> StopReason { get; }

    /// <summary>
    /// Targets that only read, whatever the command line says: they run as a dry run, so as the plan role alone (the
    /// role a scheduled job on the default branch may assume), and nothing in them can change the environment.
    /// </summary>
    public static bool IsReadOnlyTarget(string target) => string.Equals(target, "Verify", StringComparison.OrdinalIgnoreCase);

    /// <summary>DeployStaging means staging and so on; an explicit --environment must agree with the target.</summary>
    public static string EnvironmentFor(string target, string? explicitEnvironment)
    {
        ArgumentNullException.ThrowIfNull(target);
        string? implied = target.ToUpperInvariant() switch
        {
            "DEPLOYLOCAL" => "local",
            "DEPLOYSTAGING" => "staging",
            "DEPLOYPRODUCTION" => "production",
            _ => null,
        };
        if (implied is not null && explicitEnvironment is not null && explicitEnvironment != implied)
        {
            throw new Cake.Core.CakeException($"{target} deploys {implied}; it cannot run with --environment={explicitEnvironment}.");
        }

        return implied ?? explicitEnvironment ?? "local";
    }

    /// <summary>local, staging or production (checked on the command line).</summary>
    public string EnvironmentName { get; }

    /// <summary>Our read-only mode (--dry-run, or a read-only target): tasks print what they would change and change nothing.</summary>
    public bool DryRun { get; }

    public bool AllowDestroy { get; }

    public string ConfigPath { get; }

    /// <summary>Relative paths in the configuration (contexts, sources, IaC folders) are relative to its folder.</summary>
    public string ConfigDirectory { get; }

    public string InConfigDirectory(string relative) => Path.GetFullPath(relative, ConfigDirectory);

    /// <summary>The validated configuration; throws <see cref="ConfigException"/> when it is invalid.</summary>
    public DeployConfig Config => _config.Value;

    /// <summary>The configuration of the environment being deployed.</summary>
    public EnvironmentConfig DeployEnvironment =>
        Config.Environments.TryGetValue(EnvironmentName, out var env)
            ? env
            : throw new ConfigException([new ConfigProblem(
                Path.GetFileName(ConfigPath), 0, 0, $"environments.{EnvironmentName}",
                $"environment '{EnvironmentName}' is not configured")]);

    /// <summary>The release version (git short SHA), set by Preflight.</summary>
    public string? ReleaseVersion { get; set; }

    /// <summary>The commit being deployed (full SHA, committer date), set by Preflight with the release version.</summary>
    public Tools.Git.GitState? ReleaseSource { get; set; }

    public RunSummary Summary { get; } = new();

    /// <summary>Register every secret here as soon as it is read: masked in GitHub Actions, redacted in logs and summaries.</summary>
    public SecretRegistry Secrets { get; }

    /// <summary>The target this run was asked for (set at setup), for the audit log.</summary>
    public string? TargetName { get; set; }

    /// <summary>Identifies this run in locks and audit records.</summary>
    public string RunId { get; } = DeployStateLocation.RunId();

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The AWS account of the credentials, set by Preflight for AWS environments.</summary>
    public string? AwsAccountId { get; set; }

    /// <summary>The environment's deploy lock when this run holds it.</summary>
    public HeldLock? HeldLock
    {
        get => Volatile.Read(ref _heldLock);
        set => Volatile.Write(ref _heldLock, value);
    }

    /// <summary>Takes the held lock for release, once, whichever path ends the run first (teardown or forced exit).</summary>
    public HeldLock? TakeHeldLock() => Interlocked.Exchange(ref _heldLock, null);

    /// <summary>Ports and folders of the embedded local cloud (used when the environment is local).</summary>
    public LocalCloudSettings LocalCloud => _localCloud ??= LocalCloudSettings.FromEnvironment(RepositoryRoot);

    public bool IsLocal => EnvironmentName == "local";

    /// <summary>How the deploy phases reach AWS: as the deploy role (the plan role in a dry run).</summary>
    public AwsSettings Aws => AwsAs(DeployRoles.ForDeploy(DryRun));

    /// <summary>
    /// How to reach AWS as <paramref name="role"/>: real endpoints or the local cloud (moto, enforcing IAM), the role
    /// assumed with the job's OIDC token (a minted one locally). Records the identity on the running task's summary line.
    /// </summary>
    public AwsSettings AwsAs(DeployRole role)
    {
        var settings = _aws.GetOrAdd(role, r => IsLocal
            ? LocalCloudIdentities.For(LocalCloud, Config.Region, Config.Project, EnvironmentName, r, RunId)
            : AwsRoleSessions.For(Config.Region, DeployEnvironment.AccountId, Config.Project, EnvironmentName, r, RunId));
        Summary.RanAs(settings.Identity);
        return settings;
    }

    /// <summary>Infrastructure outputs, set by TerragruntApply (or read by tasks that run without it).</summary>
    public InfraOutputs? Outputs { get; set; }

    /// <summary>
    /// The identity of the infrastructure's state after TerragruntApply (the local root's state fingerprint); null when
    /// unknown (Terragrunt on AWS), which makes every step that keys on it do its work.
    /// </summary>
    public string? InfraIdentity { get; set; }

    /// <summary>A dry run whose infrastructure plan has changes: what exists now is not what the deploy would verify.</summary>
    public bool InfraPlanPending { get; set; }

    /// <summary>Images pushed in this run, by image name: deployed by digest.</summary>
    public Dictionary<string, PushedImage> PushedImages { get; } = new(StringComparer.Ordinal);

    /// <summary>Static sites synced in this run (set by SyncStatic, read by InvalidateCdn), by site name.</summary>
    public Dictionary<string, SyncedSite> SyncedSites { get; } = new(StringComparer.Ordinal);

    /// <summary>What this run left live, for its release record: each service's task definition ARN (DeployServices, Rollback).</summary>
    public Dictionary<string, string> ServiceRevisions { get; } = new(StringComparer.Ordinal);

    /// <summary>Each service's desired task count when this run rolled it, for the release record (Verify compares it).</summary>
    public Dictionary<string, int> ServiceCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Each static site's live release manifest key after SyncStatic, for the release record.</summary>
    public Dictionary<string, string> SiteManifests { get; } = new(StringComparer.Ordinal);

    /// <summary>The schema this run leaves the services on (MigrateDb), for the release record.</summary>
    public Steps.DeployLock.ReleaseMigrations? Migrations { get; set; }

    /// <summary>The release a Rollback puts back (ChooseRelease sets it): RollbackServices and SyncStatic restore it.</summary>
    public Steps.DeployLock.AuditRecord? RollbackTo { get; set; }

    /// <summary>A rollback's static sites: the release's files, fetched back (ChooseRelease), which SyncStatic syncs instead of a build.</summary>
    public Dictionary<string, IReadOnlyList<Steps.StaticSite.LocalFile>> RestoredSites { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The Terraform provider mirror for the environment's IaC root (TF_PROVIDER_MIRROR, else the usual places),
    /// decided and logged once; null: the registry. No mirror and no registry is one line naming what to set.
    /// </summary>
    public string? ProviderMirror
    {
        get
        {
            if (_mirror is null)
            {
                _mirror = ProviderMirrors.Resolve(InConfigDirectory(DeployEnvironment.IacDirectory));
                Log.Information("{0}", _mirror.Line);
            }

            return _mirror.Path;
        }
    }

    public string InRepository(string relative) => Path.GetFullPath(relative, RepositoryRoot);
}
