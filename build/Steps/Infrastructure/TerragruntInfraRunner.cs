using Deploy.Build.Tools.Terragrunt;
using DirectoryPath = Cake.Core.IO.DirectoryPath;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// terragrunt over an AWS environment's units (envs/&lt;env&gt;): `run --all plan` saves every unit's plan
/// (--out-dir) and its JSON (--json-out-dir, read for the per-unit summary), `run --all apply` applies
/// exactly those plans, `run --all output -json` prints one document per unit. A unit ("ecr") is
/// selected with --filter '{./ecr}'.
/// </summary>
public sealed class TerragruntInfraRunner(TerragruntRunner terragrunt) : IInfraRunner
{
    public InfraPlan Plan(InfraTarget target, bool destroy = false, string? unit = null, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (plans, json) = PlanFolders(target, destroy);
        foreach (var dir in new[] { plans, json }.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }

        var settings = Configure(TerragruntRunAllSettings.Plan(destroy, readOnly), target, unit);
        settings.OutDir = plans;
        settings.JsonOutDir = json;
        PlanFiles.CreateFolder(target.WorkDirectory);
        var (_, run) = terragrunt.Plan(settings);
        PlanFiles.Protect(plans);
        PlanFiles.Protect(json);
        try
        {
            return new InfraPlan(ReadUnitPlans(json, plans), destroy) { MockedUnits = MockOutputWarnings.Units(run.Lines, target.RootDirectory) };
        }
        finally
        {
            // Read once for the summary; the JSON holds sensitive values in clear, so it does not stay on disk.
            if (Directory.Exists(json))
            {
                Directory.Delete(json, recursive: true);
            }
        }
    }

    /// <summary>Unit plans from --json-out-dir: each unit's folder (relative to the environment) is its name.</summary>
    public static IReadOnlyList<UnitPlan> ReadUnitPlans(string jsonDirectory, string planDirectory) =>
        !Directory.Exists(jsonDirectory)
            ? []
            : Directory.GetFiles(jsonDirectory, "*.json", SearchOption.AllDirectories)
                .Select(file =>
                {
                    var unit = Path.GetRelativePath(jsonDirectory, Path.GetDirectoryName(file)!).Replace('\\', '/');
                    return PlanParser.Parse(unit, File.ReadAllText(file), planFile: Path.Combine(planDirectory, unit));
                })
                .OrderBy(p => p.Unit, StringComparer.Ordinal)
                .ToList();

    public void Apply(InfraTarget target, InfraPlan plan)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(plan);
        var changed = plan.ReadyToApply.Select(u => u.Unit).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var settings = Configure(TerragruntRunAllSettings.Apply(), target, unit: null);
        settings.OutDir = PlanFolders(target, plan.Destroy).Plans;
        foreach (var unit in changed)
        {
            settings.Units.Add(unit);
        }

        terragrunt.Apply(settings);
    }

    public IReadOnlyList<string> OutputDocuments(InfraTarget target) =>
        terragrunt.Output(Configure(TerragruntRunAllSettings.Output(), target, unit: null));

    public void Destroy(InfraTarget target) =>
        terragrunt.Destroy(Configure(TerragruntRunAllSettings.Destroy(), target, unit: null));

    private static (string Plans, string Json) PlanFolders(InfraTarget target, bool destroy)
    {
        var prefix = destroy ? "destroy-" : string.Empty;
        return (Path.Combine(target.WorkDirectory, prefix + "plans"), Path.Combine(target.WorkDirectory, prefix + "plans-json"));
    }

    private static TerragruntRunAllSettings Configure(TerragruntRunAllSettings settings, InfraTarget target, string? unit)
    {
        settings.WorkingDirectory = new DirectoryPath(target.RootDirectory);
        // Terragrunt's provider cache server: safe for the parallel inits of run --all (TF_PLUGIN_CACHE_DIR is not).
        settings.ProviderCacheDirectory = Path.Combine(target.WorkDirectory, "provider-cache");
        settings.EnvironmentVariables = target.Environment.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (unit is not null)
        {
            settings.Units.Add(unit);
        }

        return settings;
    }
}
