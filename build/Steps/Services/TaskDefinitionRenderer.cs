using System.Text.Json.Nodes;

namespace Deploy.Build.Steps.Services;

/// <summary>
/// A new task definition revision from a described one (the family's newest, see <see cref="TaskDefinitions"/>) with only
/// one container's image changed: every registrable field is copied as JSON, tags included (so nothing Terraform manages
/// drifts), read-only fields (revision, status, ARNs, registeredAt, compatibilities...) are left out.
/// </summary>
public static class TaskDefinitionRenderer
{
    /// <summary>
    /// The fields RegisterTaskDefinition accepts. All but <c>tags</c> are fields of the described task definition;
    /// DescribeTaskDefinition answers the tags beside it, and <see cref="TaskDefinitions"/> puts them in as <c>tags</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> RegistrableFields =
    [
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
        "placementConstraints", "requiresCompatibilities", "cpu", "memory", "runtimePlatform", "ephemeralStorage",
        "proxyConfiguration", "inferenceAccelerators", "pidMode", "ipcMode", "enableFaultInjection", "tags",
    ];

    /// <summary>The registrable request for <paramref name="current"/> with <paramref name="container"/>'s image set to <paramref name="image"/>.</summary>
    public static JsonObject WithImage(JsonObject current, string container, string image)
    {
        var rendered = Registrable(current);
        var definition = FindContainer(rendered, container)
                         ?? throw new InvalidOperationException(
                             $"task definition {Describe(current)} has no container '{container}' (has: {string.Join(", ", ContainerNames(current))})");
        definition["image"] = image;
        return rendered;
    }

    /// <summary>The registrable fields of a described task definition, deep-copied (tags in key order, none: no <c>tags</c>).</summary>
    public static JsonObject Registrable(JsonObject current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var rendered = new JsonObject();
        foreach (var field in RegistrableFields)
        {
            if (current.TryGetPropertyValue(field, out var value) && value is not null)
            {
                rendered[field] = value.DeepClone();
            }
        }

        if (rendered["tags"] is JsonArray tags)
        {
            var ordered = tags.OrderBy(t => (string?)t?["key"], StringComparer.Ordinal).Select(t => t?.DeepClone()).ToArray();
            if (ordered.Length == 0)
            {
                rendered.Remove("tags");
            }
            else
            {
                rendered["tags"] = new JsonArray(ordered);
            }
        }

        return rendered;
    }

    /// <summary>The environment variable that names the release a revision was registered for (the app reports it).</summary>
    public const string ReleaseVariable = "APP_VERSION";

    /// <summary>Whether two task definitions register the same thing (registrable fields; the release label aside).</summary>
    public static bool SameRegistration(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(WithoutRelease(Registrable(a)), WithoutRelease(Registrable(b)));

    /// <summary><paramref name="registration"/> with <see cref="ReleaseVariable"/> set to <paramref name="release"/> in <paramref name="container"/>.</summary>
    public static JsonObject WithRelease(JsonObject registration, string container, string release)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var copy = (JsonObject)registration.DeepClone();
        var definition = FindContainer(copy, container) ?? throw new InvalidOperationException($"no container '{container}'");
        var environment = definition["environment"] as JsonArray ?? [];
        definition["environment"] = environment;
        var existing = environment.OfType<JsonObject>().FirstOrDefault(e => (string?)e["name"] == ReleaseVariable);
        if (existing is null)
        {
            environment.Add(new JsonObject { ["name"] = ReleaseVariable, ["value"] = release });
        }
        else
        {
            existing["value"] = release;
        }

        return copy;
    }

    /// <summary>The release the revision was registered for, or null.</summary>
    public static string? ReleaseOf(JsonObject taskDefinition, string container) =>
        (FindContainer(taskDefinition, container)?["environment"] as JsonArray)?.OfType<JsonObject>()
        .Where(e => (string?)e["name"] == ReleaseVariable).Select(e => (string?)e["value"]).FirstOrDefault();

    private static JsonObject WithoutRelease(JsonObject registration)
    {
        foreach (var definition in (registration["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (definition["environment"] is JsonArray environment)
            {
                foreach (var entry in environment.OfType<JsonObject>().Where(e => (string?)e["name"] == ReleaseVariable).ToList())
                {
                    environment.Remove(entry);
                }

                if (environment.Count == 0)
                {
                    definition.Remove("environment"); // ECS answers an empty list and a missing one alike
                }
            }
        }

        return registration;
    }

    public static JsonObject? FindContainer(JsonObject taskDefinition, string container) =>
        (taskDefinition?["containerDefinitions"] as JsonArray)?
        .OfType<JsonObject>()
        .FirstOrDefault(c => (string?)c["name"] == container);

    public static string? ImageOf(JsonObject taskDefinition, string container) => (string?)FindContainer(taskDefinition, container)?["image"];

    public static IEnumerable<string> ContainerNames(JsonObject taskDefinition) =>
        (taskDefinition?["containerDefinitions"] as JsonArray)?.OfType<JsonObject>().Select(c => (string?)c["name"] ?? "?") ?? [];

    public static string? Arn(JsonObject taskDefinition) => (string?)taskDefinition?["taskDefinitionArn"];

    public static int Revision(JsonObject taskDefinition) => (int?)taskDefinition?["revision"] ?? 0;

    public static string? Family(JsonObject taskDefinition) => (string?)taskDefinition?["family"];

    /// <summary>family:revision, for messages.</summary>
    public static string Describe(JsonObject taskDefinition) => $"{Family(taskDefinition)}:{Revision(taskDefinition)}";
}
