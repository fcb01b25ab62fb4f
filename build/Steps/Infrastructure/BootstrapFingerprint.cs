using System.Security.Cryptography;
using System.Text;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Whether the local bootstrap (the ci-access roles) may skip its plan: a hash of everything that decides the roles,
/// the local root's and the modules' Terraform files, the TF_VAR_* inputs and the running moto's generation, kept
/// beside the local state. Any edit of a policy, a new input or a moto restart plans again; nothing else costs a plan.
/// </summary>
public sealed class BootstrapFingerprint(string file, string value)
{
    public string File { get; } = file;

    public string Value { get; } = value;

    public static BootstrapFingerprint Of(InfraTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var modules = Path.GetFullPath(Path.Combine(target.RootDirectory, "..", "..", "modules"));
        var files = Directory.EnumerateFiles(target.RootDirectory, "*.tf")
            .Concat(Directory.Exists(modules) ? Directory.EnumerateFiles(modules, "*.tf", SearchOption.AllDirectories) : [])
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(target.RootDirectory, path) + "\n"));
            sha.AppendData(System.IO.File.ReadAllBytes(path));
        }

        foreach (var (name, value) in target.Environment.Where(v => v.Key.StartsWith("TF_VAR_", StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}={value}\n"));
        }

        if (target.Freshness is { } freshness && System.IO.File.Exists(freshness.GenerationFile))
        {
            sha.AppendData(System.IO.File.ReadAllBytes(freshness.GenerationFile));
        }

        var stateFile = target.BackendConfig.TryGetValue("path", out var statePath) ? statePath : Path.Combine(target.WorkDirectory, "state");
        return new BootstrapFingerprint(stateFile + ".ci-access", Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public bool Unchanged() => System.IO.File.Exists(File) && System.IO.File.ReadAllText(File).Trim() == Value;

    public void Record()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.WriteAllText(File, Value + "\n");
    }
}
