using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>What `docker run` needs from one container definition of a registered task definition.</summary>
public sealed record LocalContainerSpec(
    string Image,
    IReadOnlyList<string>? EntryPoint,
    IReadOnlyList<string>? Command,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<(string Name, string ValueFrom)> Secrets)
{
    public static LocalContainerSpec From(JsonObject taskDefinition, string container)
    {
        var definition = TaskDefinitionRenderer.FindContainer(taskDefinition, container)
                         ?? throw new InvalidOperationException(
                             $"task definition {TaskDefinitionRenderer.Describe(taskDefinition)} has no container '{container}'");
        var image = (string?)definition["image"] ?? throw new InvalidOperationException($"container '{container}' has no image");
        var environment = (definition["environment"] as JsonArray)?.OfType<JsonObject>()
            .Select(e => new KeyValuePair<string, string>((string?)e["name"] ?? string.Empty, (string?)e["value"] ?? string.Empty))
            .Where(e => e.Key.Length > 0)
            .ToList() ?? [];
        var secrets = (definition["secrets"] as JsonArray)?.OfType<JsonObject>()
            .Select(s => ((string?)s["name"] ?? string.Empty, (string?)s["valueFrom"] ?? string.Empty))
            .Where(s => s.Item1.Length > 0)
            .ToList() ?? [];
        return new LocalContainerSpec(image, Strings(definition["entryPoint"]), Strings(definition["command"]), environment, secrets);
    }

    /// <summary>
    /// The `docker run` arguments: detached, host network (no bridge here), labels, the env file, entry point and
    /// command. Environment values are never arguments: they are in the env file.
    /// </summary>
    public IReadOnlyList<string> RunArguments(string name, IReadOnlyDictionary<string, string> labels, string envFile, IReadOnlyList<string>? commandOverride)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var args = new List<string> { "run", "-d", "--network", "host", "--name", name, "--env-file", envFile };
        foreach (var (key, value) in labels)
        {
            args.AddRange(["--label", $"{key}={value}"]);
        }

        var command = commandOverride ?? Command ?? [];
        if (EntryPoint is { Count: > 0 })
        {
            args.AddRange(["--entrypoint", EntryPoint[0]]);
            command = [.. EntryPoint.Skip(1), .. command];
        }

        args.Add(Image);
        args.AddRange(command);
        return args;
    }

    /// <summary>The env file body: the task definition's environment, resolved secrets, then the local overrides (last wins).</summary>
    public static string EnvFile(IEnumerable<KeyValuePair<string, string>> values)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"environment value of {key} spans lines; docker env files cannot carry it");
            }

            merged[key] = value;
        }

        var body = new StringBuilder();
        foreach (var (key, value) in merged)
        {
            body.Append(CultureInfo.InvariantCulture, $"{key}={value}\n");
        }

        return body.ToString();
    }

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? string.Empty).ToList() : null;
}
