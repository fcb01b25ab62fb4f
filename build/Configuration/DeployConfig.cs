namespace Deploy.Build.Configuration;

/// <summary>The deploy configuration file (deploy.yml), typed. Values the infrastructure creates are not here.</summary>
public sealed record DeployConfig(
    string Project,
    string Region,
    IReadOnlyList<ImageConfig> Images,
    IReadOnlyList<ServiceConfig> Services,
    IReadOnlyList<StaticSiteConfig> StaticSites,
    MigrationConfig? Migrations,
    IReadOnlyDictionary<string, EnvironmentConfig> Environments,
    int BuildParallelism)
{
    public ImageConfig? FindImage(string name) => Images.FirstOrDefault(i => i.Name == name);
}

public sealed record ImageConfig(
    string Name,
    string Context,
    string Dockerfile,
    string Platform,
    IReadOnlyDictionary<string, string> BuildArgs,
    IReadOnlyList<string> PreBuild);

public sealed record ServiceConfig(string Name, string Image, int Port, string HealthPath);

public sealed record CacheRule(string Glob, string CacheControl);

public sealed record StaticSiteConfig(
    string Name,
    string Source,
    IReadOnlyList<string> Build,
    string Prefix,
    IReadOnlyList<CacheRule> CacheRules,
    string DefaultCacheControl,
    int KeepReleases,
    int UploadConcurrency = StaticSiteConfig.DefaultUploadConcurrency,
    int InvalidationMaxPaths = StaticSiteConfig.DefaultInvalidationMaxPaths,
    TimeSpan InvalidationWait = default)
{
    /// <summary>Parallel uploads (`aws s3 sync` uses 10).</summary>
    public const int DefaultUploadConcurrency = 64;

    /// <summary>Past this many paths an invalidation collapses to wildcards (each priced as one path).</summary>
    public const int DefaultInvalidationMaxPaths = 15;
}

public enum MigrationStrategy
{
    /// <summary>A one-off ECS task with the new API image and a command override.</summary>
    OneOffTask,
}

public sealed record MigrationConfig(string Image, IReadOnlyList<string> Command, MigrationStrategy Strategy, TimeSpan Timeout);

/// <summary>Who creates the ECR repositories: the IaC ecr unit (applied alone by EnsureEcr) or the pipeline through the API.</summary>
public enum EcrOwner
{
    Pipeline,
    Terraform,
}

/// <summary>The default owner: terraform when the environment's IaC folder has an ecr unit or module, the pipeline otherwise.</summary>
public static class EcrOwnerDefault
{
    public static EcrOwner For(string iacDirectory)
    {
        if (File.Exists(Path.Combine(iacDirectory, "ecr", "terragrunt.hcl")))
        {
            return EcrOwner.Terraform;
        }

        return Directory.Exists(iacDirectory)
               && Directory.EnumerateFiles(iacDirectory, "*.tf").Any(f => File.ReadAllText(f).Contains("module \"ecr\"", StringComparison.Ordinal))
            ? EcrOwner.Terraform
            : EcrOwner.Pipeline;
    }
}

public enum IacRunner
{
    Terraform,
    Terragrunt,
}

public sealed record EnvironmentConfig(
    string Name,
    string? AccountId,
    IacRunner Runner,
    string IacDirectory,
    string? Branch,
    IReadOnlyDictionary<string, string> BuildArgs,
    EcrOwner EcrOwner = EcrOwner.Pipeline)
{
    /// <summary>Local runs on the embedded local cloud; the others are real AWS accounts.</summary>
    public bool IsAws => Name != "local";
}
