using System.Reflection;
using Cake.Frosting;

namespace Deploy.Build.Host.CommandLine;

/// <summary>Rejects misspelt options, unknown targets and bad values before the host starts anything.</summary>
public static class ArgumentCheck
{
    /// <returns>A one-line problem, or null when the command line is acceptable.</returns>
    public static string? Find(IReadOnlyList<string> args)
    {
        try
        {
            foreach (var (name, value) in OptionTokenizer.Tokenize(args))
            {
                var problem = CheckOne(name, value);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Task names as declared by the task classes of this assembly.</summary>
    public static IReadOnlyList<string> TargetNames() =>
        typeof(ArgumentCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(t))
            .Select(t => t.GetCustomAttribute<TaskNameAttribute>()?.Name ?? t.Name)
            .ToList();

    private static string? CheckOne(string name, string? value)
    {
        if (name.Equals("target", StringComparison.OrdinalIgnoreCase) || name.Equals("t", StringComparison.Ordinal))
        {
            return CheckTarget(value);
        }

        if (OptionTokenizer.CakeOptions.ContainsKey(name))
        {
            return null;
        }

        var spec = Arguments.Find(name);
        if (spec is null)
        {
            var hint = Spelling.Closest(name, Arguments.All.Select(a => a.Name)
                .Concat(OptionTokenizer.CakeOptions.Keys.Where(k => k.Length > 2)));
            return $"Unknown option '--{name}'.{(hint is null ? string.Empty : $" Did you mean --{hint}?")}"
                   + " Run ./build.sh --help for the options.";
        }

        if (!spec.IsFlag && string.IsNullOrWhiteSpace(value))
        {
            return $"Option --{spec.Name} needs a value.";
        }

        if (spec.IsFlag && value is not null && value is not ("true" or "false"))
        {
            return $"Option --{spec.Name} is a flag; '{value}' is not true or false.";
        }

        return spec.Allowed is { } allowed && value is not null && !allowed.Contains(value, StringComparer.Ordinal)
            ? $"Unknown {spec.Name} '{value}': use one of {string.Join(", ", allowed)}."
            : null;
    }

    private static string? CheckTarget(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Option --target needs a value.";
        }

        var names = TargetNames();
        if (names.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var hint = Spelling.Closest(value, names);
        return $"Unknown target '{value}'.{(hint is null ? string.Empty : $" Did you mean {hint}?")}"
               + " Run ./build.sh to list targets.";
    }
}
