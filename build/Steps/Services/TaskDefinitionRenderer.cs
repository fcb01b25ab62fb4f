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

    /// <summary>Whether two task definitions register the same thing (compares registrable fields only).</summary>
    public static bool SameRegistration(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(Registrable(a), Registrable(b));

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
