using Deploy.Build.Tools.Terraform;
using DirectoryPath = Cake.Core.IO.DirectoryPath;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Plain terraform on one root (envs/local): init with the backend settings, plan -detailed-exitcode
/// to a saved plan, show -json for the summary, apply of that plan, output -json, destroy. A unit
/// ("ecr") is the root's module of that name (-target=module.ecr).
/// </summary>
public sealed class TerraformInfraRunner(TerraformRunner terraform) : IInfraRunner
{
    private readonly HashSet<string> _initialised = new(StringComparer.Ordinal);

    public InfraPlan Plan(InfraTarget target, bool destroy = false, string? unit = null, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        Init(target);
        PlanFiles.CreateFolder(target.WorkDirectory);
        var name = unit ?? target.EnvironmentName;
        var planFile = Path.Combine(target.WorkDirectory, (destroy ? "destroy-" : string.Empty) + name + ".tfplan");
        var settings = Configure(new TerraformPlanSettings { OutFile = planFile, Destroy = destroy }, target);
        if (unit is not null)
        {
            settings.Targets.Add("module." + unit);
        }

        var exit = terraform.Plan(settings);
        PlanFiles.Protect(target.WorkDirectory);
        var json = terraform.Show(Configure(new TerraformShowSettings { PlanFile = planFile }, target));
        return new InfraPlan([PlanParser.Parse(name, json, exit == PlanExit.Changes, planFile)], destroy);
    }

    public void Apply(InfraTarget target, InfraPlan plan)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var unit in plan.Units.Where(u => u is { HasChanges: true, PlanFile: not null }))
        {
            terraform.Apply(Configure(new TerraformApplySettings { PlanFile = unit.PlanFile! }, target));
            File.Delete(unit.PlanFile!);
        }
    }

    /// <summary>
    /// terraform output -json, read once per state: with a local state file the document is kept beside it (mode 600, as
    /// the state itself holds the same values) under the state's hash, so a run that changed nothing reads no outputs.
    /// </summary>
    public IReadOnlyList<string> OutputDocuments(InfraTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var state = target.BackendConfig.GetValueOrDefault("path");
        var hash = state is not null && File.Exists(state) ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(state))) : null;
        var cache = state + ".outputs.json";
        if (hash is not null && File.Exists(cache) && File.ReadAllText(cache) is var cached && cached.StartsWith(hash + "\n", StringComparison.Ordinal))
        {
            return [cached[(hash.Length + 1)..]];
        }

        Init(target);
        var document = terraform.Output(Configure(new TerraformOutputSettings(), target));
        if (hash is not null)
        {
            File.WriteAllText(cache, string.Empty);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cache, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(cache, hash + "\n" + document);
        }

        return [document];
    }

    public void Destroy(InfraTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Init(target);
        terraform.Destroy(Configure(new TerraformDestroySettings(), target));
    }

    /// <summary>init once per root and backend in this run (-reconfigure: the state path is the checkout's own).</summary>
    private void Init(InfraTarget target)
    {
        var key = target.RootDirectory + "|" + string.Join(",", target.BackendConfig.Select(kv => kv.Key + "=" + kv.Value));
        lock (_initialised)
        {
            if (_initialised.Contains(key))
            {
                return;
            }
        }

        var settings = Configure(new TerraformInitSettings(), target);
        foreach (var (name, value) in target.BackendConfig)
        {
            settings.BackendConfig[name] = value;
        }

        terraform.Init(settings);
        lock (_initialised)
        {
            _initialised.Add(key);
        }
    }

    private static T Configure<T>(T settings, InfraTarget target)
        where T : TerraformSettings
    {
        settings.WorkingDirectory = new DirectoryPath(target.RootDirectory);
        settings.EnvironmentVariables = target.Environment.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return settings;
    }
}
