using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deploy.Build.Configuration;

/// <summary>
/// Reads a YAML mapping key by key, remembering where each key is, so every problem
/// can name its file, line and dotted key. Keys nobody asked for are reported as unknown.
/// </summary>
internal sealed class YamlNodeReader(string file, List<ConfigProblem> problems)
{
    public void Problem(YamlNode node, string key, string message) =>
        problems.Add(new ConfigProblem(file, (int)node.Start.Line, (int)node.Start.Column, key, message));

    public YamlMappingNode? Mapping(YamlNode? node, string key)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Problem(node, key, "expected a mapping (key: value pairs)");
        return null;
    }

    /// <summary>Reports keys of <paramref name="mapping"/> that are not in <paramref name="allowed"/>.</summary>
    public void OnlyKeys(YamlMappingNode mapping, string path, params string[] allowed)
    {
        foreach (var (keyNode, _) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = Host.CommandLine.Spelling.Closest(key, allowed);
                Problem(keyNode, Join(path, key), hint is null
                    ? $"unknown key (allowed: {string.Join(", ", allowed)})"
                    : $"unknown key; did you mean '{hint}'?");
            }
        }
    }

    public static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? String(YamlMappingNode mapping, string path, string key, bool required)
    {
        var node = Child(mapping, key);
        if (node is null)
        {
            if (required)
            {
                Problem(mapping, Join(path, key), "is required");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } value } && value.Length > 0)
        {
            return value;
        }

        Problem(node, Join(path, key), "expected a non-empty text value");
        return null;
    }

    public int? Int(YamlMappingNode mapping, string path, string key, int min, int max)
    {
        var node = Child(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, out var value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            Problem(node, Join(path, key), $"must be between {min} and {max}, got {value}");
            return null;
        }

        Problem(node, Join(path, key), "expected a whole number");
        return null;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode mapping, string path, string key)
    {
        var node = Child(mapping, key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } single }:
                return [single];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text })
                    {
                        items.Add(text);
                    }
                    else
                    {
                        Problem(item, Join(path, key), "expected a list of text values");
                    }
                }

                return items;
            default:
                Problem(node, Join(path, key), "expected a list of text values");
                return [];
        }
    }

    public IReadOnlyDictionary<string, string> StringMap(YamlMappingNode mapping, string path, string key)
    {
        var node = Child(mapping, key);
        if (node is null)
        {
            return new Dictionary<string, string>();
        }

        var map = Mapping(node, Join(path, key));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? string.Empty;
            if (v is YamlScalarNode { Value: { } text })
            {
                result[name] = text;
            }
            else
            {
                Problem(v, Join(path, key, name), "expected a text value");
            }
        }

        return result;
    }

    public IEnumerable<(YamlMappingNode Item, string Path)> Items(YamlMappingNode mapping, string path, string key)
    {
        var node = Child(mapping, key);
        if (node is null)
        {
            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Problem(node, Join(path, key), "expected a list");
            yield break;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{Join(path, key)}[{i}]";
            if (Mapping(sequence.Children[i], itemPath) is { } item)
            {
                yield return (item, itemPath);
            }
        }
    }

    public static string Join(params string[] parts) => string.Join('.', parts.Where(p => p.Length > 0));

    public static YamlMappingNode? Parse(string text, string file, List<ConfigProblem> problems)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                problems.Add(new ConfigProblem(file, 1, 1, "(document)", "the file is empty"));
                return null;
            }

            if (stream.Documents[0].RootNode is YamlMappingNode root)
            {
                return root;
            }

            var start = stream.Documents[0].RootNode.Start;
            problems.Add(new ConfigProblem(file, (int)start.Line, (int)start.Column, "(document)", "expected a mapping at the top level"));
            return null;
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            problems.Add(new ConfigProblem(file, (int)ex.Start.Line, (int)ex.Start.Column, "(syntax)", "malformed YAML: " + FirstLine(reason)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way when the file ends inside a flow collection ("[a, b" or "{a: b").
            var lines = text.TrimEnd().Split('\n');
            problems.Add(new ConfigProblem(file, lines.Length, lines[^1].Length + 1, "(syntax)", "malformed YAML: the file ends inside an unclosed [ or {"));
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        var paren = line.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 ? line[(paren + 3)..] : line;
    }
}
