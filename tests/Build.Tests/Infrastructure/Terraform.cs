using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>Runs the real terraform binary with the project's CLI config (provider mirror, plugin cache).</summary>
public static class Terraform
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Env = new(() =>
        TerraformCliConfig.Prepare(Repo.PathOf(".deploy/test-terraform"), TerraformCliConfig.MirrorFromEnvironment()));

    public static string InfraRoot => Repo.PathOf(Paths.InfraRoot);

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsAsync(workingDirectory, null, args);

    /// <summary>Terraform with <paramref name="credentials"/> (AWS_* variables); null: fixed test keys, which the tests' own moto, not enforcing IAM, accepts.</summary>
    public static async Task<ProcessResult> RunAsAsync(string workingDirectory, IDictionary<string, string?>? credentials, params string[] args)
    {
        var terraform = Requirements.Tool("terraform");
        var env = Env.Value.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        foreach (var (name, value) in credentials ?? new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test", ["AWS_PROFILE"] = null })
        {
            env[name] = value;
        }

        return await Run.ProcessAsync(terraform, args, workingDirectory, env, TimeSpan.FromMinutes(15));
    }

    public static Task MustSucceedAsync(string workingDirectory, params string[] args) =>
        MustSucceedAsAsync(workingDirectory, null, args);

    public static async Task MustSucceedAsAsync(string workingDirectory, IDictionary<string, string?>? credentials, params string[] args)
    {
        var result = await RunAsAsync(workingDirectory, credentials, args);
        Assert.True(result.ExitCode == 0, $"terraform {string.Join(' ', args)} in {Path.GetRelativePath(Repo.Root, workingDirectory)} failed:\n{Tail(result.Output)}");
    }

    private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;

    /// <summary>Modules whose providers are all in the mirror (hashicorp/aws); the others are documented as online-only.</summary>
    public static IEnumerable<string> OfflineModules() =>
        Directory.GetDirectories(Path.Combine(InfraRoot, "modules"))
            .Where(m => !RequiresOnlineProvider(m))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    public static bool RequiresOnlineProvider(string moduleDirectory) =>
        Directory.GetFiles(moduleDirectory, "*.tf")
            .Select(File.ReadAllText)
            // A provider or registry module other than hashicorp/aws: `source = "ns/name"` at the start of a line
            // (not a local module path, and not a JSON key such as Resource = "*" in a policy).
            .Any(text => System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^\s*source\s*=\s*""(?!hashicorp/aws"")(?!\.{1,2}/)[^""]+"""));
}
