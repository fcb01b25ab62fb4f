namespace Deploy.Build.Tools.Terraform;

/// <summary>
/// The project's own Terraform CLI configuration: providers from a filesystem mirror when one is
/// given (TF_PROVIDER_MIRROR, or found in the usual places: <see cref="ProviderMirrors"/>), a shared plugin cache, and nothing written to the user's home.
/// </summary>
public static class TerraformCliConfig
{
    /// <summary>
    /// Writes the CLI config under <paramref name="stateDirectory"/> and returns the environment to run terraform with.
    /// Terraform's plugin cache only for plain terraform: Terragrunt runs every unit's init in parallel, and
    /// TF_PLUGIN_CACHE_DIR is not safe for concurrent writers ("Do not set TF_PLUGIN_CACHE_DIR when using run --all",
    /// Terragrunt's run-queue docs at v0.97.0 and v1.1.3); Terragrunt gets its own provider cache instead
    /// (`--provider-cache`, see TerragruntInfraRunner).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Prepare(string stateDirectory, string? mirror, bool pluginCache = true)
    {
        var dir = Path.Combine(stateDirectory, "terraform");
        var cache = Path.Combine(dir, "plugin-cache");
        Directory.CreateDirectory(cache);
        var configFile = Path.Combine(dir, "terraform.rc");
        var content = Render(mirror);
        if (!File.Exists(configFile) || File.ReadAllText(configFile) != content)
        {
            File.WriteAllText(configFile, content);
        }

        var environment = new Dictionary<string, string>
        {
            [EnvVars.TerraformCliConfigFile] = configFile,
            [EnvVars.TerraformInAutomation] = "1",
            [EnvVars.TerraformCheckpointDisable] = "1",
        };
        if (pluginCache)
        {
            environment[EnvVars.TerraformPluginCacheDir] = cache;
        }

        return environment;
    }

    /// <summary>The CLI config text: a filesystem mirror for every provider it holds, the registry for the rest.</summary>
    public static string Render(string? mirror)
    {
        if (string.IsNullOrWhiteSpace(mirror))
        {
            return "# No provider mirror: providers come from the public registry.\n";
        }

        var path = mirror.Replace("\\", "/", StringComparison.Ordinal);
        return $$"""
            # Written by the deploy pipeline; providers come from the local mirror.
            provider_installation {
              filesystem_mirror {
                path    = "{{path}}"
                include = ["registry.terraform.io/*/*"]
              }
              direct {
                exclude = ["registry.terraform.io/*/*"]
              }
            }

            """;
    }

    /// <summary>
    /// The mirror folder without the network check (the tests' Terraform): TF_PROVIDER_MIRROR, checked to hold
    /// registry.terraform.io, else the first usual place holding the AWS provider (<see cref="ProviderMirrors"/>).
    /// </summary>
    public static string? MirrorFromEnvironment() =>
        ProviderMirrors.Choose(
            Environment.GetEnvironmentVariable(EnvVars.TerraformProviderMirror),
            ProviderMirrors.UsualPlaces(Environment.GetEnvironmentVariable),
            ProviderMirrors.DefaultProviders).Path;
}
