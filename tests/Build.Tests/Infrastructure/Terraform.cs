using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>Runs the real terraform binary with the project's CLI config (provider mirror, plugin cache).</summary>
public static class Terraform
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Env = new(() =>
        TerraformCliConfig.Prepare(Repo.PathOf(".deploy/test-terraform"), TerraformCliConfig.MirrorFromEnvironment()));

    public static string InfraRoot => Repo.PathOf(Paths.InfraRoot);

    public static async Task<ProcessResult> RunAsync(string workingDirectory, params string[] args)
    {
        var terraform = Requirements.Tool("terraform");
        var env = Env.Value.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        // The tests' own moto does not enforce IAM (the local cloud's does): any keys pass, these are fixed.
        env["AWS_ACCESS_KEY_ID"] = "test";
        env["AWS_SECRET_ACCESS_KEY"] = "test";
        env["AWS_PROFILE"] = null;
        return await Run.ProcessAsync(terraform, args, workingDirectory, env, TimeSpan.FromMinutes(15));
    }

    public static async Task MustSucceedAsync(string workingDirectory, params string[] args)
    {
        var result = await RunAsync(workingDirectory, args);
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
