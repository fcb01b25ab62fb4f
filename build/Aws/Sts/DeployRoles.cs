namespace Deploy.Build.Aws.Sts;

/// <summary>
/// Who a phase of a run acts as. The roles are the ones the ci-access module creates in each environment's
/// account (modules/ci-access), one per kind of job; <see cref="Admin"/> is the account owner, used only by the
/// local cloud to create those roles (in AWS an administrator applies the ci-access unit once).
/// </summary>
public enum DeployRole
{
    /// <summary>
    /// Read-only (and the database master password, which a plan of the database unit reads): Terraform plan refresh and
    /// the pipeline's --dry-run, main-branch jobs only.
    /// </summary>
    Plan,

    /// <summary>Terraform/Terragrunt plan and apply of the stack, its state and lock files.</summary>
    Infra,

    /// <summary>Images, task definitions, services, migrations, static site, invalidations, deploy lock and audit.</summary>
    Deploy,

    /// <summary>The account owner (local cloud bootstrap only).</summary>
    Admin,
}

/// <summary>The naming convention shared with modules/ci-access: <c>&lt;project&gt;-&lt;environment&gt;-github-&lt;kind&gt;</c>.</summary>
public static class DeployRoles
{
    public static string Kind(DeployRole role) => role switch
    {
        DeployRole.Plan => "plan",
        DeployRole.Infra => "infra",
        DeployRole.Deploy => "deploy",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "the admin identity is not a role of the ci-access module"),
    };

    public static string Name(string project, string environment, DeployRole role) => $"{project}-{environment}-github-{Kind(role)}";

    public static string Arn(string accountId, string project, string environment, DeployRole role) =>
        $"arn:aws:iam::{accountId}:role/{Name(project, environment, role)}";

    /// <summary>RoleSessionName: 2–64 of [\w+=,.@-], naming the environment, the phase and the run (CloudTrail shows it).</summary>
    public static string SessionName(string environment, DeployRole role, string runId)
    {
        var name = new string([.. $"{environment}-{Kind(role)}-{runId}".Select(c => char.IsAsciiLetterOrDigit(c) || "+=,.@-_".Contains(c, StringComparison.Ordinal) ? c : '-')]);
        return name.Length > 64 ? name[..64] : name;
    }

    /// <summary>The role a phase that reads or changes the stack's infrastructure uses: plan in a dry run, else infra.</summary>
    public static DeployRole ForInfrastructure(bool dryRun) => dryRun ? DeployRole.Plan : DeployRole.Infra;

    /// <summary>The role of every other phase: plan in a dry run, else deploy.</summary>
    public static DeployRole ForDeploy(bool dryRun) => dryRun ? DeployRole.Plan : DeployRole.Deploy;
}

/// <summary>
/// The OIDC subject (<c>sub</c> claim) GitHub Actions puts in a job's token, which the roles' trust policies match:
/// a job with <c>environment:</c> sends the environment form, a pull_request run the pull_request form, any other
/// run the ref form (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims).
/// </summary>
public static class GitHubOidcSubject
{
    public const string Issuer = "https://token.actions.githubusercontent.com";

    public const string Audience = "sts.amazonaws.com";

    public static string Environment(string repository, string environment) => $"repo:{repository}:environment:{environment}";

    public static string PullRequest(string repository) => $"repo:{repository}:pull_request";

    public static string Branch(string repository, string branch) => $"repo:{repository}:ref:refs/heads/{branch}";
}
