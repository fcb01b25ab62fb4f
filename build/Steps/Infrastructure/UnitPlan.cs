using System.Globalization;
using System.Text.Json;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>What a plan does to one resource: its address, type and terraform's action list.</summary>
public sealed record ResourceChange(string Address, string Type, IReadOnlyList<string> Actions)
{
    public bool Creates => Actions.Contains("create");

    public bool Deletes => Actions.Contains("delete");

    public bool IsReplace => Creates && Deletes;

    public bool Updates => Actions.Contains("update");
}

/// <summary>
/// One unit's plan (a Terragrunt unit, or the whole local root). Counts follow terraform's own
/// "Plan: X to add, Y to change, Z to destroy": a replacement counts as one add and one destroy.
/// </summary>
public sealed record UnitPlan(string Unit, IReadOnlyList<ResourceChange> Resources, bool HasChanges, string? PlanFile = null)
{
    public int Adds => Resources.Count(r => r.Creates);

    public int Changes => Resources.Count(r => r.Updates);

    public int Destroys => Resources.Count(r => r.Deletes);

    public int Replaces => Resources.Count(r => r.IsReplace);

    /// <summary>"+3 ~1 -0", with the replacements named when there are any.</summary>
    public string Counts =>
        string.Create(CultureInfo.InvariantCulture, $"+{Adds} ~{Changes} -{Destroys}")
        + (Replaces > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({Replaces} replaced)") : string.Empty);

    /// <summary>"api-unit: +3 ~1 -0" or "api-unit: no changes".</summary>
    public override string ToString() => $"{Unit}: {(HasChanges ? Counts : "no changes")}";
}

/// <summary>Reads `terraform show -json PLANFILE` into a <see cref="UnitPlan"/>.</summary>
public static class PlanParser
{
    /// <param name="hasChanges">What -detailed-exitcode said; when null (terragrunt's per-unit JSON), decided from the plan itself.</param>
    public static UnitPlan Parse(string unit, string showJson, bool? hasChanges = null, string? planFile = null)
    {
        ArgumentNullException.ThrowIfNull(showJson);
        using var doc = JsonDocument.Parse(showJson);
        var root = doc.RootElement;
        var changes = new List<ResourceChange>();
        if (root.TryGetProperty("resource_changes", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in resources.EnumerateArray())
            {
                if (resource.TryGetProperty("mode", out var mode) && mode.GetString() == "data")
                {
                    continue;
                }

                var actions = Actions(resource);
                if (actions.Any(a => a is "create" or "update" or "delete"))
                {
                    changes.Add(new ResourceChange(
                        resource.GetProperty("address").GetString() ?? "?",
                        resource.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?",
                        actions));
                }
            }
        }

        return new UnitPlan(unit, changes, hasChanges ?? (changes.Count > 0 || OutputsChange(root)), planFile);
    }

    private static List<string> Actions(JsonElement resource) =>
        resource.TryGetProperty("change", out var change) ? ActionList(change) : [];

    private static List<string> ActionList(JsonElement change) =>
        change.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array
            ? actions.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToList()
            : [];

    // Output changes carry their actions directly: "output_changes": {"name": {"actions": ["create"]}}.
    private static bool OutputsChange(JsonElement root) =>
        root.TryGetProperty("output_changes", out var outputs) && outputs.ValueKind == JsonValueKind.Object
        && outputs.EnumerateObject().Any(o => ActionList(o.Value).Any(a => a is "create" or "update" or "delete"));
}
