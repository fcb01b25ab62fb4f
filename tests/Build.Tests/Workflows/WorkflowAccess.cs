using System.Text.RegularExpressions;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Deploy.Build.Tests.Workflows;

/// <summary>One role a job's pipeline commands assume: the environment's ci-access role of that kind.</summary>
public sealed record NeededRole(string Environment, DeployRole Role);

/// <summary>
/// How a workflow's jobs reach AWS now that the pipeline assumes the ci-access roles itself with the job's OIDC token:
/// which subjects each job sends (<see cref="GitHubJob.Sends"/>), which roles its commands assume
/// (<see cref="PipelineRoles"/>), and whether the roles' trust (<see cref="CiAccessTrust"/>) admits every pair.
/// </summary>
public static partial class WorkflowAccess
{
    public static DeployConfig Config { get; } = DeployConfigLoader.Load(Repo.PathOf("deploy.yml"), Repo.Root);

    /// <summary>The roles the job's <c>./build.sh</c> commands assume (empty: the job calls no AWS).</summary>
    public static IReadOnlyList<NeededRole> RolesOf(GitHubJob job) =>
        job.PipelineCommands
            .SelectMany(c => PipelineRoles.For(c, Config).Select(r => new NeededRole(c.Environment, r)))
            .Distinct()
            .OrderBy(r => r.Environment, StringComparer.Ordinal).ThenBy(r => r.Role)
            .ToList();

    public static string RoleName(NeededRole role) => DeployRoles.Name(Config.Project, role.Environment, role.Role);

    /// <summary>Every rule a workflow breaks, one line each (none: the workflow is fine).</summary>
    public static IReadOnlyList<string> Findings(GitHubWorkflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var findings = new List<string>();
        void Fail(string line) => findings.Add($"{workflow.Name}: {line}");

        // Nothing workflow-wide beyond reading the code (no permissions: at all would be the repository's default, which
        // may be read-write): id-token goes only to the jobs that assume roles.
        if (workflow.Permissions is not YamlMappingNode { Children.Count: 0 } && !IsContentsReadOnly(workflow.Permissions))
        {
            Fail($"workflow-level permissions must be {{}} or contents: read (got {Describe(workflow.Permissions)})");
        }

        foreach (var variable in RoleArnVariable().Matches(workflow.Text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            Fail($"reads {variable}: the pipeline finds its roles by name from deploy.yml's accountId");
        }

        foreach (var job in workflow.Jobs)
        {
            var where = $"job '{job.Name}'";
            if (job.Uses.FirstOrDefault(u => u.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal)) is { } action)
            {
                Fail($"{where} uses {action}: the pipeline assumes its roles itself (a second identity in AWS_* variables would be used by nothing, or by the wrong phase)");
            }

            var roles = RolesOf(job);
            if (roles.Count == 0)
            {
                if (job.Permission("id-token") == "write")
                {
                    Fail($"{where} calls no AWS but gets id-token: write");
                }

                continue;
            }

            if (job.OwnPermissions is not YamlMappingNode own
                || own.Children.Count != 2 || job.Permission("id-token") != "write" || job.Permission("contents") != "read")
            {
                Fail($"{where} assumes {string.Join(", ", roles.Select(RoleName))}: it needs exactly permissions: id-token: write, contents: read at job level (got {Describe(job.OwnPermissions)})");
            }

            foreach (var environment in roles.Select(r => r.Environment).Distinct(StringComparer.Ordinal))
            {
                var repository = CiAccessTrust.RepositoryOf(environment);
                var sent = job.Sends(repository);
                foreach (var role in roles.Where(r => r.Environment == environment))
                {
                    foreach (var subject in sent.Where(s => !CiAccessTrust.Admits(repository, environment, role.Role, s.Subject)))
                    {
                        Fail($"{where} on {subject.Event} sends {subject.Subject}, which {RoleName(role)} does not admit " +
                             $"(it admits {string.Join(" and ", CiAccessTrust.Admitted(repository, environment, role.Role).Order(StringComparer.Ordinal))})");
                    }
                }

                if (job.Environment == "production" && sent.Any(s => s.Subject != GitHubOidcSubject.Environment(repository, "production")))
                {
                    Fail($"{where} is in the production environment but can send {string.Join(", ", sent.Select(s => s.Subject).Distinct())}");
                }
            }

            var pullRequests = job.Events.Where(GitHubJob.PullRequestEvents.Contains).ToList();
            if (pullRequests.Count > 0)
            {
                foreach (var role in roles.Where(r => r.Role is DeployRole.Deploy or DeployRole.Infra))
                {
                    Fail($"{where} can run on {string.Join(", ", pullRequests)} (a contributor's code) and assumes {RoleName(role)}");
                }

                if (job.PullRequestAlternatives().Any(a => !a.Contains(ForkGuard, StringComparison.Ordinal)))
                {
                    Fail($"{where} can run for a pull request from a fork, which gets no OIDC token: its if: needs {ForkGuard} (if: {job.Condition})");
                }
            }
        }

        return findings;
    }

    /// <summary>A pull request from this repository, not a fork (forks get no id-token).</summary>
    public const string ForkGuard = "github.event.pull_request.head.repo.full_name == github.repository";

    private static bool IsContentsReadOnly(YamlNode? permissions) =>
        permissions is YamlMappingNode { Children.Count: 1 } map
        && map.Children.TryGetValue(new YamlScalarNode("contents"), out var value) && value is YamlScalarNode { Value: "read" };

    private static string Describe(YamlNode? node) => node switch
    {
        null => "none",
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(kv => $"{kv.Key}: {kv.Value}")) + "}",
        _ => node.ToString(),
    };

    [GeneratedRegex(@"\bvars\.[A-Za-z0-9_]*ROLE_ARN\b")]
    private static partial Regex RoleArnVariable();
}
