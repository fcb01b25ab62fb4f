using System.Text.RegularExpressions;
using Deploy.Build.Aws.Sts;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// Which OIDC subjects (the <c>sub</c> claim of a GitHub job's token) each ci-access role admits: the trust policies of
/// infra/terraform/modules/ci-access (<c>local.trusted_subjects</c> in main.tf, the exact
/// <c>token.actions.githubusercontent.com:sub</c> values of each role's trust, with the default <c>plan_subjects</c>),
/// pinned there by its terraform test (modules/ci-access/tests/ci-access.tftest.hcl,
/// <c>trust_matches_github_oidc_subjects_exactly</c>). Encoded once, here, for the workflow
/// tests (the local cloud's minted tokens follow the same rules: build/LocalCloud/LocalCloudIdentities.cs): when the
/// module's trust changes, change this with it.
/// <list type="bullet">
/// <item>deploy and infra roles: exactly <c>repo:&lt;repo&gt;:environment:&lt;environment&gt;</c> (jobs with <c>environment:</c>);</item>
/// <item>plan role: exactly <c>repo:&lt;repo&gt;:ref:refs/heads/main</c> (a plan of the database unit reads the database
/// master password, so no pull request may run as it);</item>
/// <item>nothing else (no pull request, no other branch, no tag, no wildcard).</item>
/// </list>
/// </summary>
public static partial class CiAccessTrust
{
    /// <summary>The one branch whose jobs the plan role admits (and nothing else).</summary>
    public const string PlanBranch = "main";

    public static IReadOnlySet<string> Admitted(string repository, string environment, DeployRole role) => role switch
    {
        DeployRole.Plan => new HashSet<string>(StringComparer.Ordinal)
        {
            GitHubOidcSubject.Branch(repository, PlanBranch),
        },
        DeployRole.Infra or DeployRole.Deploy => new HashSet<string>(StringComparer.Ordinal)
        {
            GitHubOidcSubject.Environment(repository, environment),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a ci-access role"),
    };

    public static bool Admits(string repository, string environment, DeployRole role, string subject) =>
        Admitted(repository, environment, role).Contains(subject);

    /// <summary>
    /// The repository (owner/name) the environment's roles trust: <c>github_repository</c> of
    /// infra/terraform/envs/common.hcl's shared settings, unless the environment's env.hcl overrides it (common.hcl lets
    /// an env.hcl override any shared value). The ci-access unit gets it as its <c>github_repository</c> input.
    /// </summary>
    public static string RepositoryOf(string environment)
    {
        var envHcl = Repo.PathOf($"infra/terraform/envs/{environment}/env.hcl");
        if (File.Exists(envHcl) && GitHubRepository().Match(File.ReadAllText(envHcl)) is { Success: true } overridden)
        {
            return overridden.Groups["value"].Value;
        }

        var common = GitHubRepository().Matches(File.ReadAllText(Repo.PathOf("infra/terraform/envs/common.hcl")));
        Assert.True(common.Count == 1, $"infra/terraform/envs/common.hcl: expected one github_repository = \"owner/name\", found {common.Count}");
        return common[0].Groups["value"].Value;
    }

    [GeneratedRegex(@"^\s*github_repository\s*=\s*""(?<value>[^""/]+/[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex GitHubRepository();
}
