using Cake.Frosting;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Configuration;
using Deploy.Build.Tasks;

namespace Deploy.Build.Tests.Support;

/// <summary>One <c>./build.sh --target=...</c> command line of a workflow, as the pipeline's host parses it.</summary>
public sealed record PipelineCommand(string Line, string Target, string Environment, bool DryRun)
{
    /// <summary>Null when <paramref name="line"/> is not a pipeline call.</summary>
    public static PipelineCommand? Parse(string line)
    {
        var words = line.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words is not ["./build.sh", _, ..])
        {
            return null;
        }

        var options = HostOptions.Parse(words[1..]);
        string? Argument(string name) => options.Arguments.LastOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        var dryRun = Argument(Arguments.DryRun)?.ToLowerInvariant() is "true" or "1" or "yes" or "" || DeployContext.IsReadOnlyTarget(options.Target);
        return new PipelineCommand(line.Trim(), options.Target, DeployContext.EnvironmentFor(options.Target, Argument(Arguments.Environment)), dryRun);
    }
}

/// <summary>
/// The roles the pipeline assumes for a command: derived, like the pipeline, from <see cref="DeployRoles.ForInfrastructure"/>
/// and <see cref="DeployRoles.ForDeploy"/> with the command's --dry-run, over the target's task graph.
/// </summary>
public static class PipelineRoles
{
    /// <summary>
    /// The tasks whose own work reads or changes the stack's infrastructure (Terraform/Terragrunt), with the role they use
    /// (build/Steps/Infrastructure/InfraApplier.cs). Every other task of an AWS environment (Preflight's account and
    /// state-bucket checks, the deploy lock, images, services, static site, outputs) uses <see cref="DeployRoles.ForDeploy"/>.
    /// </summary>
    private static readonly Dictionary<string, Func<bool, DeployRole>> Infrastructure = new(StringComparer.OrdinalIgnoreCase)
    {
        [TaskCatalog.NameOf(typeof(EnsureEcrTask))] = DeployRoles.ForInfrastructure,
        [TaskCatalog.NameOf(typeof(TerragruntApplyTask))] = DeployRoles.ForInfrastructure,
        [TaskCatalog.NameOf(typeof(DestroyStagingTask))] = DeployRoles.ForInfrastructure,
        [TaskCatalog.NameOf(typeof(PlanInfraTask))] = _ => DeployRole.Plan,
    };

    private static readonly IReadOnlyList<TaskInfo> Tasks = TaskCatalog.Discover([typeof(PreflightTask).Assembly]);

    /// <summary>The target and every task it depends on (or that declares itself a dependee of one), transitively: what a run executes.</summary>
    public static IReadOnlySet<string> TasksOf(string target)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<TaskInfo>();
        pending.Push(Tasks.SingleOrDefault(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase))
                     ?? throw new ArgumentException($"no task named {target}", nameof(target)));
        while (pending.TryPop(out var task))
        {
            if (!seen.Add(task.Name))
            {
                continue;
            }

            foreach (var dependency in task.DependsOn)
            {
                pending.Push(TaskCatalog.Describe(dependency));
            }

            foreach (var dependee in Tasks.Where(t => t.DependeeOf.Contains(task.Type)))
            {
                pending.Push(dependee);
            }
        }

        return seen;
    }

    /// <summary>The roles a command assumes in its environment (none for the local cloud, which needs no GitHub token).</summary>
    public static IReadOnlySet<DeployRole> For(PipelineCommand command, DeployConfig config)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(config);
        var roles = new HashSet<DeployRole>();
        if (!config.Environments.TryGetValue(command.Environment, out var environment) || !environment.IsAws)
        {
            return roles;
        }

        foreach (var task in TasksOf(command.Target))
        {
            roles.Add(Infrastructure.TryGetValue(task, out var role) ? role(command.DryRun) : DeployRoles.ForDeploy(command.DryRun));
        }

        return roles;
    }
}
