namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Where and how one environment's infrastructure is run: the root (envs/local or envs/&lt;env&gt;, from
/// `environments.&lt;env&gt;.iacDir`), a scratch folder for plans, the process environment (CLI config,
/// provider mirror, plugin cache, TF_IN_AUTOMATION, TF_VAR_* values, secrets among them) and the backend settings.
/// </summary>
public sealed record InfraTarget(
    string EnvironmentName,
    string RootDirectory,
    string WorkDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> BackendConfig,
    LocalStateFreshness? Freshness = null);

/// <summary>The plans of every unit of an environment (or of the one unit asked for).</summary>
public sealed record InfraPlan(IReadOnlyList<UnitPlan> Units, bool Destroy = false)
{
    public bool HasChanges => Units.Any(u => u.HasChanges);

    /// <summary>Units whose plan took a dependency's mock outputs (the dependency has no state yet): never applied as saved.</summary>
    public IReadOnlySet<string> MockedUnits { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The units whose saved plans may be applied now: changed, and planned against real outputs only.</summary>
    public IReadOnlyList<UnitPlan> ReadyToApply => [.. Units.Where(u => u.HasChanges && !MockedUnits.Contains(u.Unit))];
}

/// <summary>
/// Runs an environment's infrastructure: plain terraform on one root (local) or terragrunt over units
/// (AWS environments). Tasks use this and never ask which one they have.
/// </summary>
public interface IInfraRunner
{
    /// <summary>
    /// Plans (saving the plan for apply); <paramref name="unit"/> limits it to one module/unit, e.g. "ecr";
    /// <paramref name="readOnly"/> (a dry run) takes no state lock, since the plan will not be applied.
    /// </summary>
    InfraPlan Plan(InfraTarget target, bool destroy = false, string? unit = null, bool readOnly = false);

    /// <summary>Applies exactly the saved plans of <see cref="InfraPlan.ReadyToApply"/>.</summary>
    void Apply(InfraTarget target, InfraPlan plan);

    /// <summary>`output -json` documents (one per unit for terragrunt), merged by <see cref="InfraOutputs.FromJson"/>.</summary>
    IReadOnlyList<string> OutputDocuments(InfraTarget target);

    void Destroy(InfraTarget target);
}
