using System.Security.Cryptography;
using System.Text;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Whether a plan of the local root (or of one of its units) may be skipped: a hash of everything that decides it, the
/// root's and the modules' Terraform files, the JSON files beside the root that it reads (envs/services.json, the
/// services every environment shares), the provider lock, the TF_VAR_* and TF_CLI_ARGS* inputs (set or inherited), the running moto's generation and
/// (for the stack's units) the state the last apply left, kept beside the local state. Any edit of a module, a new
/// input, an apply of another unit or a moto restart plans again; a deploy that changes none of it costs no plan.
/// What it cannot see is a change made outside Terraform (drift): <c>--plan-all</c> plans anyway.
/// </summary>
public sealed class ApplyFingerprint(string file, string value)
{
    public string File { get; } = file;

    public string Value { get; } = value;

    /// <summary>The roles' unit (LocalBootstrap): its inputs, not the state (which every other apply changes).</summary>
    public static ApplyFingerprint OfBootstrap(InfraTarget target) => Of(target, "ci-access", withState: false);

    /// <param name="unit">The unit planned (ecr), or null for the whole root.</param>
    public static ApplyFingerprint OfUnit(InfraTarget target, string? unit) => Of(target, unit ?? "all", withState: true);

    private static ApplyFingerprint Of(InfraTarget target, string unitName, bool withState)
    {
        ArgumentNullException.ThrowIfNull(target);
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var modules = Path.GetFullPath(Path.Combine(target.RootDirectory, "..", "..", "modules"));
        var shared = Path.GetFullPath(Path.Combine(target.RootDirectory, ".."));
        var files = Directory.EnumerateFiles(target.RootDirectory, "*.tf")
            .Concat(Directory.EnumerateFiles(target.RootDirectory, ".terraform.lock.hcl"))
            .Concat(Directory.EnumerateFiles(shared, "*.json"))
            .Concat(Directory.Exists(modules) ? Directory.EnumerateFiles(modules, "*.tf", SearchOption.AllDirectories) : [])
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(target.RootDirectory, path) + "\n"));
            sha.AppendData(System.IO.File.ReadAllBytes(path));
        }

        foreach (var (name, value) in Inputs(target.Environment, Environment.GetEnvironmentVariables()))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}={value}\n"));
        }

        if (target.Freshness is { } freshness && System.IO.File.Exists(freshness.GenerationFile))
        {
            sha.AppendData(System.IO.File.ReadAllBytes(freshness.GenerationFile));
        }

        var stateFile = StateFile(target);
        if (withState && System.IO.File.Exists(stateFile))
        {
            sha.AppendData(System.IO.File.ReadAllBytes(stateFile));
        }

        return new ApplyFingerprint(stateFile + "." + unitName, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>
    /// The inputs Terraform reads from its environment: TF_VAR_* and TF_CLI_ARGS*, the ones the pipeline sets over the
    /// ones the run inherited (Terraform sees both, so a variable exported by the user counts too).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Inputs(IReadOnlyDictionary<string, string> set, System.Collections.IDictionary inherited)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(inherited);
        static bool IsInput(string name) => name.StartsWith("TF_VAR_", StringComparison.Ordinal) || name.StartsWith("TF_CLI_ARGS", StringComparison.Ordinal);
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in inherited)
        {
            if (entry.Key is string name && IsInput(name) && entry.Value is string value)
            {
                inputs[name] = value;
            }
        }

        foreach (var (name, value) in set.Where(v => IsInput(v.Key)))
        {
            inputs[name] = value;
        }

        return [.. inputs];
    }

    /// <summary>Only a root whose state is a local file (the local cloud) is fingerprinted; remote state is read by Terraform.</summary>
    public static bool Applies(InfraTarget target) => target is not null && target.BackendConfig.ContainsKey("path");

    private static string StateFile(InfraTarget target) =>
        target.BackendConfig.TryGetValue("path", out var statePath) ? statePath : Path.Combine(target.WorkDirectory, "state");

    public bool Unchanged() => System.IO.File.Exists(File) && System.IO.File.ReadAllText(File).Trim() == Value;

    public void Record()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.WriteAllText(File, Value + "\n");
    }
}
