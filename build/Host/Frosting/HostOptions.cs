using Cake.Core.Diagnostics;

namespace Cake.Frosting;

/// <summary>What the command line asks of the host itself, plus the arguments it hands to tasks.</summary>
public sealed class HostOptions
{
    public const string DefaultTarget = "Default";

    public string Target { get; private set; } = DefaultTarget;

    public bool TargetGiven { get; private set; }

    public Verbosity Verbosity { get; private set; } = Verbosity.Normal;

    public bool DryRun { get; private set; }

    public bool Tree { get; private set; }

    public bool Description { get; private set; }

    public bool Exclusive { get; private set; }

    public bool Version { get; private set; }

    public bool Info { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Every --name[=value] the host does not own, for tasks (Cake's ICakeArguments).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; private set; } = [];

    /// <summary>Host options, by every spelling Cake accepts.</summary>
    public static readonly IReadOnlyList<(string[] Names, string Help)> Known =
    [
        (["target", "t"], "Target task to run (default: Default)."),
        (["verbosity", "v"], "quiet | minimal | normal | verbose | diagnostic."),
        (["dryrun", "noop", "whatif"], "Cake's dry run: list the tasks in order, run none."),
        (["tree"], "Show the task dependency tree."),
        (["description", "descriptions", "showdescription"], "List tasks with their descriptions."),
        (["exclusive", "e"], "Run the target alone, without its dependencies."),
        (["version", "ver"], "Print the version and exit."),
        (["info"], "Print Cake engine and runtime information and exit."),
        (["help", "h"], "Print help and exit."),
    ];

    public static bool IsHostOption(string name) =>
        Known.Any(k => k.Names.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Parses <c>--name=value</c>, <c>--name value</c>, <c>--flag</c> and <c>-t value</c>.</summary>
    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HostOptions();
        var rest = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in Tokenize(args))
        {
            switch (name.ToLowerInvariant())
            {
                case "target" or "t":
                    options.Target = Required(name, value);
                    options.TargetGiven = true;
                    rest.Add(new("target", options.Target)); // as in Cake, tasks can read it as an argument
                    break;
                case "verbosity" or "v":
                    options.Verbosity = ParseVerbosity(Required(name, value));
                    break;
                case "dryrun" or "noop" or "whatif":
                    options.DryRun = IsTrue(name, value);
                    break;
                case "tree":
                    options.Tree = IsTrue(name, value);
                    break;
                case "description" or "descriptions" or "showdescription":
                    options.Description = IsTrue(name, value);
                    break;
                case "exclusive" or "e":
                    options.Exclusive = IsTrue(name, value);
                    break;
                case "version" or "ver":
                    options.Version = IsTrue(name, value);
                    break;
                case "info":
                    options.Info = IsTrue(name, value);
                    break;
                case "help" or "h":
                    options.Help = IsTrue(name, value);
                    break;
                default:
                    rest.Add(new(name, value ?? "true"));
                    break;
            }
        }

        options.Arguments = rest;
        return options;
    }

    /// <summary>Splits raw arguments into (name, value) pairs; a value is null for a bare flag.</summary>
    public static IEnumerable<(string Name, string? Value)> Tokenize(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
            {
                throw new CommandLineException($"Unexpected argument '{arg}': options look like --name=value.");
            }

            var body = arg.TrimStart('-');
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                yield return (body[..eq], body[(eq + 1)..]);
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith('-') && TakesValue(body))
            {
                yield return (body, args[++i]);
            }
            else
            {
                yield return (body, null);
            }
        }
    }

    // A bare word after a host flag is an error, not its value ("--tree Deploy").
    private static bool TakesValue(string name) =>
        Known.FirstOrDefault(k => k.Names.Contains(name, StringComparer.OrdinalIgnoreCase)) is not { Names: not null } known
        || known.Names[0] is "target" or "verbosity";

    private static string Required(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new CommandLineException($"Option --{name} needs a value.") : value;

    private static bool IsTrue(string name, string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new CommandLineException($"Option --{name} is a flag; '{value}' is not true or false."),
    };

    public static Verbosity ParseVerbosity(string value) => value.ToLowerInvariant() switch
    {
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diag" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new CommandLineException(
            $"Unknown verbosity '{value}': use quiet, minimal, normal, verbose or diagnostic."),
    };
}

/// <summary>A mistake on the command line: reported as one line, exit code 2, before anything runs.</summary>
public sealed class CommandLineException(string message) : Exception(message);
