using System.Text.RegularExpressions;
using Deploy.Build.Aws.Sts;
using YamlDotNet.RepresentationModel;

namespace Deploy.Build.Tests.Support;

/// <summary>A GitHub Actions workflow file (YamlDotNet), with what the OIDC checks need: its triggers and jobs.</summary>
public sealed class GitHubWorkflow
{
    private GitHubWorkflow(string name, string text, YamlMappingNode root)
    {
        Name = name;
        Text = text;
        Root = root;
        Triggers = TriggersOf(root);
        Jobs = ((YamlMappingNode)root["jobs"]).Children
            .Select(kv => new GitHubJob(this, ((YamlScalarNode)kv.Key).Value!, (YamlMappingNode)kv.Value))
            .ToList();
    }

    /// <summary>The file name.</summary>
    public string Name { get; }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    /// <summary>The events of <c>on:</c> (scalar, list or mapping form), each with its settings (null when it has none).</summary>
    public IReadOnlyDictionary<string, YamlMappingNode?> Triggers { get; }

    public IReadOnlyList<GitHubJob> Jobs { get; }

    /// <summary>The workflow-level <c>permissions:</c> node, or null when it has none (then GitHub's defaults apply).</summary>
    public YamlNode? Permissions => Root.Children.TryGetValue(new YamlScalarNode("permissions"), out var node) ? node : null;

    public static GitHubWorkflow Load(string path)
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new GitHubWorkflow(Path.GetFileName(path), text, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The branches a push event is limited to (<c>on.push.branches</c>), or null for any ref.</summary>
    public IReadOnlyList<string>? PushBranches =>
        Triggers.TryGetValue("push", out var push) && push is not null
        && push.Children.TryGetValue(new YamlScalarNode("branches"), out var branches) && branches is YamlSequenceNode list
        && !push.Children.ContainsKey(new YamlScalarNode("tags"))
            ? list.Children.Cast<YamlScalarNode>().Select(b => b.Value!).ToList()
            : null;

    private static Dictionary<string, YamlMappingNode?> TriggersOf(YamlMappingNode root) => root["on"] switch
    {
        YamlScalarNode one => new() { [one.Value!] = null },
        YamlSequenceNode many => many.Children.Cast<YamlScalarNode>().ToDictionary(e => e.Value!, _ => (YamlMappingNode?)null),
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value as YamlMappingNode),
        var other => throw new InvalidOperationException($"unexpected on: {other}"),
    };
}

/// <summary>What a job's OIDC token says it is, for one event that can start it.</summary>
public sealed record SentSubject(string Event, string Subject);

/// <summary>One job of a workflow.</summary>
public sealed partial class GitHubJob(GitHubWorkflow workflow, string name, YamlMappingNode node)
{
    /// <summary>Events whose runs are pull requests: their subject is the pull_request form, their code the contributor's.</summary>
    public static readonly IReadOnlySet<string> PullRequestEvents = new HashSet<string>(StringComparer.Ordinal) { "pull_request", "pull_request_target" };

    public GitHubWorkflow Workflow { get; } = workflow;

    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    /// <summary><c>environment:</c> (the name, or the mapping form's <c>name</c>); may be an expression.</summary>
    public string? Environment => Node.Children.TryGetValue(new YamlScalarNode("environment"), out var value)
        ? value switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlMappingNode map => Scalar(map, "name"),
            _ => null,
        }
        : null;

    public string? Condition => Scalar(Node, "if");

    /// <summary>The job's own <c>permissions:</c> node (which replaces the workflow's), or null.</summary>
    public YamlNode? OwnPermissions => Node.Children.TryGetValue(new YamlScalarNode("permissions"), out var node) ? node : null;

    /// <summary>The access a scope (id-token, contents, …) gets: "write", "read" or "none".</summary>
    public string Permission(string scope) => (OwnPermissions ?? Workflow.Permissions) switch
    {
        null => scope == "id-token" ? "none" : "read", // GitHub's restricted default; id-token is never granted by default
        YamlScalarNode { Value: "write-all" } => "write",
        YamlScalarNode { Value: "read-all" } => scope == "id-token" ? "none" : "read",
        YamlMappingNode map => Scalar(map, scope) ?? "none",
        _ => "none",
    };

    public IReadOnlyList<YamlMappingNode> Steps =>
        Node.Children.TryGetValue(new YamlScalarNode("steps"), out var steps)
            ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>().ToList()
            : [];

    public IEnumerable<string> Uses => Steps.Select(s => Scalar(s, "uses")).OfType<string>();

    /// <summary>Every <c>./build.sh --target=...</c> step, parsed.</summary>
    public IReadOnlyList<PipelineCommand> PipelineCommands =>
        Steps.Select(s => Scalar(s, "run")).OfType<string>().Select(PipelineCommand.Parse).OfType<PipelineCommand>().ToList();

    /// <summary>
    /// The events that can start this job: the workflow's triggers, filtered by the job's <c>if:</c> (read as
    /// <c>a || b || …</c>, each part limited by any <c>github.event_name == '…'</c> it contains).
    /// </summary>
    public IEnumerable<string> Events => Sends("owner/name").Select(s => s.Event).Distinct(StringComparer.Ordinal); // any repository: it changes the subjects, not the events

    /// <summary>
    /// The OIDC subjects the job's token can carry (https://docs.github.com/en/actions/reference/security/oidc): the
    /// environment form when the job has <c>environment:</c>; else the pull_request form for pull_request events; else
    /// <c>ref:refs/heads/&lt;branch&gt;</c>, the branch from <c>on.push.branches</c> or the <c>if:</c>'s
    /// <c>github.ref == 'refs/heads/…'</c>, and "*" (any ref: no exact trust admits it) when neither limits it.
    /// Conditions the reading cannot follow only widen the result, never narrow it.
    /// </summary>
    public IReadOnlyList<SentSubject> Sends(string repository)
    {
        var sent = new List<SentSubject>();
        foreach (var alternative in Alternatives())
        {
            foreach (var trigger in Workflow.Triggers.Keys.Where(t => alternative.Event is null || alternative.Event == t))
            {
                foreach (var subject in SubjectsFor(trigger, alternative.Branch, repository))
                {
                    var item = new SentSubject(trigger, subject);
                    if (!sent.Contains(item))
                    {
                        sent.Add(item);
                    }
                }
            }
        }

        return sent;
    }

    /// <summary>The parts of the <c>if:</c> joined by <c>||</c> that can admit a pull request (all of them when there is no if).</summary>
    public IEnumerable<string> PullRequestAlternatives() =>
        Alternatives().Where(a => a.Event is null || PullRequestEvents.Contains(a.Event)).Select(a => a.Text);

    private IEnumerable<string> SubjectsFor(string trigger, string? branch, string repository)
    {
        if (Environment is { } environment)
        {
            yield return environment.Contains("${{", StringComparison.Ordinal)
                ? $"<environment from an expression: {environment}>"
                : GitHubOidcSubject.Environment(repository, environment);
            yield break;
        }

        if (trigger == "pull_request")
        {
            yield return GitHubOidcSubject.PullRequest(repository);
            yield break;
        }

        if (trigger == "pull_request_target")
        {
            yield return "<pull_request_target: not a subject any ci-access role is meant for>";
            yield break;
        }

        IEnumerable<string> branches = trigger == "push" && Workflow.PushBranches is { } pushed
            ? branch is null ? pushed : pushed.Where(b => b == branch)
            : [branch ?? "*"];
        foreach (var b in branches)
        {
            yield return GitHubOidcSubject.Branch(repository, b);
        }
    }

    private IEnumerable<(string Text, string? Event, string? Branch)> Alternatives()
    {
        var condition = Condition?.Trim() ?? "";
        if (condition.StartsWith("${{", StringComparison.Ordinal) && condition.EndsWith("}}", StringComparison.Ordinal))
        {
            condition = condition[3..^2];
        }

        foreach (var part in condition.Split("||"))
        {
            var eventName = EventEquals().Match(part);
            var branch = RefEquals().Match(part);
            yield return (part.Trim(), eventName.Success ? eventName.Groups["value"].Value : null, branch.Success ? branch.Groups["value"].Value : null);
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    [GeneratedRegex(@"github\.event_name\s*==\s*'(?<value>[^']+)'")]
    private static partial Regex EventEquals();

    [GeneratedRegex(@"github\.ref\s*==\s*'refs/heads/(?<value>[^']+)'")]
    private static partial Regex RefEquals();
}
