using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Deploy.Build.Configuration;

/// <summary>Loads deploy.yml and validates all of it up front; every problem names file, line and key.</summary>
public static partial class DeployConfigLoader
{
    private static readonly string[] TopKeys = ["project", "region", "buildParallelism", "images", "services", "staticSites", "migrations", "environments"];
    private static readonly string[] ImageKeys = ["name", "context", "dockerfile", "platform", "buildArgs", "preBuild"];
    private static readonly string[] ServiceKeys = ["name", "image", "port", "healthPath"];
    private static readonly string[] SiteKeys = ["name", "source", "build", "prefix", "cache", "defaultCacheControl", "keepReleases",
        "uploadConcurrency", "invalidationMaxPaths", "invalidationWaitMinutes"];
    private static readonly string[] CacheKeys = ["glob", "cacheControl"];
    private static readonly string[] MigrationKeys = ["image", "command", "strategy", "timeoutMinutes"];
    private static readonly string[] EnvironmentKeys = ["accountId", "runner", "iacDir", "branch", "buildArgs", "ecrOwner"];

    /// <param name="baseDirectory">Relative paths in the file are resolved against this folder (the file's own).</param>
    public static DeployConfig Load(string path, string baseDirectory)
    {
        var display = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ConfigException([new ConfigProblem(display, 0, 0, "(file)", "configuration file not found")]);
        }

        return Parse(File.ReadAllText(path), display, baseDirectory);
    }

    public static DeployConfig Parse(string yaml, string file, string repositoryRoot)
    {
        var problems = new List<ConfigProblem>();
        var root = YamlNodeReader.Parse(yaml, file, problems);
        if (root is null)
        {
            throw new ConfigException(problems);
        }

        var r = new YamlNodeReader(file, problems);
        r.OnlyKeys(root, string.Empty, TopKeys);

        var project = r.String(root, string.Empty, "project", required: true);
        if (project is not null && !ProjectName().IsMatch(project))
        {
            r.Problem(YamlNodeReader.Child(root, "project")!, "project", "use 2-32 lower-case letters, digits or '-', starting with a letter");
        }

        var region = r.String(root, string.Empty, "region", required: true);
        if (region is not null && !RegionName().IsMatch(region))
        {
            r.Problem(YamlNodeReader.Child(root, "region")!, "region", $"'{region}' is not an AWS region name (e.g. ap-northeast-1)");
        }

        var images = ReadImages(r, root, repositoryRoot);
        var services = ReadServices(r, root, images);
        var sites = ReadSites(r, root, repositoryRoot);
        var migrations = ReadMigrations(r, root, images);
        var environments = ReadEnvironments(r, root, repositoryRoot);
        var parallelism = r.Int(root, string.Empty, "buildParallelism", 1, 16) ?? 2;

        if (problems.Count > 0)
        {
            throw new ConfigException(problems);
        }

        return new DeployConfig(project!, region!, images, services, sites, migrations, environments, parallelism);
    }

    private static List<ImageConfig> ReadImages(YamlNodeReader r, YamlMappingNode root, string repo)
    {
        var images = new List<ImageConfig>();
        foreach (var (item, path) in r.Items(root, string.Empty, "images"))
        {
            r.OnlyKeys(item, path, ImageKeys);
            var name = r.String(item, path, "name", required: true);
            var context = r.String(item, path, "context", required: true);
            var dockerfile = r.String(item, path, "dockerfile", required: false) ?? "Dockerfile";
            var platform = r.String(item, path, "platform", required: false) ?? "linux/amd64";
            if (name is not null && !ImageName().IsMatch(name))
            {
                r.Problem(item, $"{path}.name", $"'{name}' is not a valid image name (lower-case letters, digits, '-', '_')");
            }

            if (name is not null && images.Any(i => i.Name == name))
            {
                r.Problem(item, $"{path}.name", $"image '{name}' is defined twice");
            }

            if (!PlatformName().IsMatch(platform))
            {
                r.Problem(YamlNodeReader.Child(item, "platform")!, $"{path}.platform", $"'{platform}' is not a platform like linux/amd64");
            }

            if (context is not null)
            {
                if (!Directory.Exists(Path.Combine(repo, context)))
                {
                    r.Problem(YamlNodeReader.Child(item, "context")!, $"{path}.context", $"build context '{context}' does not exist");
                }
                else if (!File.Exists(Path.Combine(repo, context, dockerfile)))
                {
                    r.Problem(YamlNodeReader.Child(item, "dockerfile") ?? item, $"{path}.dockerfile", $"Dockerfile '{Path.Combine(context, dockerfile)}' does not exist");
                }
            }

            var buildArgs = r.StringMap(item, path, "buildArgs");
            var preBuild = r.StringList(item, path, "preBuild");
            if (name is not null && context is not null)
            {
                images.Add(new ImageConfig(name, context, dockerfile, platform, buildArgs, preBuild));
            }
        }

        return images;
    }

    private static List<ServiceConfig> ReadServices(YamlNodeReader r, YamlMappingNode root, List<ImageConfig> images)
    {
        var services = new List<ServiceConfig>();
        foreach (var (item, path) in r.Items(root, string.Empty, "services"))
        {
            r.OnlyKeys(item, path, ServiceKeys);
            var name = r.String(item, path, "name", required: true);
            var image = r.String(item, path, "image", required: true);
            var port = r.Int(item, path, "port", 1, 65535);
            if (port is null && YamlNodeReader.Child(item, "port") is null)
            {
                r.Problem(item, $"{path}.port", "is required");
            }

            var health = r.String(item, path, "healthPath", required: false) ?? "/health";
            if (!health.StartsWith('/'))
            {
                r.Problem(YamlNodeReader.Child(item, "healthPath")!, $"{path}.healthPath", "must start with '/'");
            }

            CheckImageReference(r, item, $"{path}.image", image, images);
            if (name is not null && image is not null && port is not null)
            {
                services.Add(new ServiceConfig(name, image, port.Value, health));
            }
        }

        return services;
    }

    private static List<StaticSiteConfig> ReadSites(YamlNodeReader r, YamlMappingNode root, string repo)
    {
        var sites = new List<StaticSiteConfig>();
        foreach (var (item, path) in r.Items(root, string.Empty, "staticSites"))
        {
            r.OnlyKeys(item, path, SiteKeys);
            var name = r.String(item, path, "name", required: true);
            var source = r.String(item, path, "source", required: true);
            var build = r.StringList(item, path, "build");
            var prefix = (r.String(item, path, "prefix", required: false) ?? string.Empty).Trim('/');
            var rules = new List<CacheRule>();
            foreach (var (rule, rulePath) in r.Items(item, path, "cache"))
            {
                r.OnlyKeys(rule, rulePath, CacheKeys);
                var glob = r.String(rule, rulePath, "glob", required: true);
                var value = r.String(rule, rulePath, "cacheControl", required: true);
                if (glob is not null && value is not null)
                {
                    rules.Add(new CacheRule(glob, value));
                }
            }

            var defaultCache = r.String(item, path, "defaultCacheControl", required: false) ?? "public, max-age=300";
            var keep = r.Int(item, path, "keepReleases", 0, 50) ?? 2;
            var concurrency = r.Int(item, path, "uploadConcurrency", 1, 512) ?? StaticSiteConfig.DefaultUploadConcurrency;
            var maxPaths = r.Int(item, path, "invalidationMaxPaths", 1, 3000) ?? StaticSiteConfig.DefaultInvalidationMaxPaths;
            var waitMinutes = r.Int(item, path, "invalidationWaitMinutes", 0, 60) ?? 0;

            // A site with a build step makes its source folder; one without must have it already.
            if (source is not null && build.Count == 0 && !Directory.Exists(Path.Combine(repo, source)))
            {
                r.Problem(YamlNodeReader.Child(item, "source")!, $"{path}.source", $"static directory '{source}' does not exist");
            }

            if (name is not null && source is not null)
            {
                sites.Add(new StaticSiteConfig(name, source, build, prefix, rules, defaultCache, keep,
                    concurrency, maxPaths, TimeSpan.FromMinutes(waitMinutes)));
            }
        }

        return sites;
    }

    private static MigrationConfig? ReadMigrations(YamlNodeReader r, YamlMappingNode root, List<ImageConfig> images)
    {
        if (r.Mapping(YamlNodeReader.Child(root, "migrations"), "migrations") is not { } item)
        {
            return null;
        }

        r.OnlyKeys(item, "migrations", MigrationKeys);
        var image = r.String(item, "migrations", "image", required: true);
        var command = r.StringList(item, "migrations", "command");
        if (command.Count == 0)
        {
            r.Problem(item, "migrations.command", "is required (the command the image runs to migrate)");
        }

        var strategyText = r.String(item, "migrations", "strategy", required: false) ?? "one-off-task";
        if (strategyText != "one-off-task")
        {
            r.Problem(YamlNodeReader.Child(item, "strategy")!, "migrations.strategy", $"unknown strategy '{strategyText}' (supported: one-off-task)");
        }

        var timeout = r.Int(item, "migrations", "timeoutMinutes", 1, 240) ?? 30;
        CheckImageReference(r, item, "migrations.image", image, images);
        return image is null ? null : new MigrationConfig(image, command, MigrationStrategy.OneOffTask, TimeSpan.FromMinutes(timeout));
    }

    private static Dictionary<string, EnvironmentConfig> ReadEnvironments(YamlNodeReader r, YamlMappingNode root, string repo)
    {
        var result = new Dictionary<string, EnvironmentConfig>(StringComparer.Ordinal);
        if (r.Mapping(YamlNodeReader.Child(root, "environments"), "environments") is not { } map)
        {
            r.Problem(root, "environments", "is required (local, staging, production)");
            return result;
        }

        r.OnlyKeys(map, "environments", [.. Arguments.Environments]);
        foreach (var name in Arguments.Environments)
        {
            if (r.Mapping(YamlNodeReader.Child(map, name), $"environments.{name}") is not { } env)
            {
                continue;
            }

            var path = $"environments.{name}";
            r.OnlyKeys(env, path, EnvironmentKeys);
            var account = r.String(env, path, "accountId", required: name != "local");
            if (account is not null && !AccountId().IsMatch(account))
            {
                r.Problem(YamlNodeReader.Child(env, "accountId")!, $"{path}.accountId", "must be a 12-digit AWS account id (quote it in YAML)");
            }

            var runnerText = r.String(env, path, "runner", required: false) ?? (name == "local" ? "terraform" : "terragrunt");
            IacRunner? runner = runnerText switch
            {
                "terraform" => IacRunner.Terraform,
                "terragrunt" => IacRunner.Terragrunt,
                _ => null,
            };
            if (runner is null)
            {
                r.Problem(YamlNodeReader.Child(env, "runner")!, $"{path}.runner", $"unknown runner '{runnerText}' (terraform or terragrunt)");
            }

            var dir = r.String(env, path, "iacDir", required: true);
            if (dir is not null && !Directory.Exists(Path.Combine(repo, dir)))
            {
                r.Problem(YamlNodeReader.Child(env, "iacDir")!, $"{path}.iacDir", $"infrastructure directory '{dir}' does not exist");
            }

            var branch = r.String(env, path, "branch", required: false);
            var buildArgs = r.StringMap(env, path, "buildArgs");
            var ownerText = r.String(env, path, "ecrOwner", required: false);
            EcrOwner? owner = ownerText switch
            {
                null => dir is null ? EcrOwner.Pipeline : EcrOwnerDefault.For(Path.Combine(repo, dir)),
                "terraform" => EcrOwner.Terraform,
                "pipeline" => EcrOwner.Pipeline,
                _ => null,
            };
            if (owner is null)
            {
                r.Problem(YamlNodeReader.Child(env, "ecrOwner")!, $"{path}.ecrOwner", $"unknown owner '{ownerText}' (terraform or pipeline)");
            }

            if (runner is not null && dir is not null && owner is not null)
            {
                result[name] = new EnvironmentConfig(name, account, runner.Value, dir, branch, buildArgs, owner.Value);
            }
        }

        return result;
    }

    private static void CheckImageReference(YamlNodeReader r, YamlMappingNode item, string key, string? image, List<ImageConfig> images)
    {
        if (image is not null && images.All(i => i.Name != image))
        {
            r.Problem(YamlNodeReader.Child(item, "image")!, key, $"refers to image '{image}', which is not in images");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-\\d$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ImageName();

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$")]
    private static partial Regex PlatformName();

    [GeneratedRegex("^\\d{12}$")]
    private static partial Regex AccountId();
}
