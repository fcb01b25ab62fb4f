namespace Deploy.Build.Host.CommandLine;

/// <summary>Splits <c>--name=value</c>, <c>--name value</c> and <c>--flag</c> the way Cake reads them.</summary>
public static class OptionTokenizer
{
    /// <summary>Cake host options, by every spelling Cake accepts, and whether they take a value.</summary>
    public static readonly IReadOnlyDictionary<string, bool> CakeOptions = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["target"] = true,
        ["t"] = true,
        ["verbosity"] = true,
        ["v"] = true,
        ["dryrun"] = false,
        ["noop"] = false,
        ["whatif"] = false,
        ["tree"] = false,
        ["description"] = false,
        ["descriptions"] = false,
        ["showdescription"] = false,
        ["exclusive"] = false,
        ["e"] = false,
        ["version"] = false,
        ["ver"] = false,
        ["info"] = false,
        ["help"] = false,
        ["h"] = false,
    };

    public static IEnumerable<(string Name, string? Value)> Tokenize(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
            {
                throw new FormatException($"Unexpected argument '{arg}': options look like --name=value.");
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

    private static bool TakesValue(string name) =>
        CakeOptions.TryGetValue(name, out var takes) ? takes : Arguments.Find(name) is not { IsFlag: true };
}
