using Deploy.Build.Configuration;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Configuration;

public sealed class DeployConfigLoaderTests : IDisposable
{
    private readonly ConfigFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private DeployConfig Load(string yaml) => DeployConfigLoader.Load(_fixture.WriteConfig(yaml), _fixture.Root);

    private ConfigProblem Fails(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => Load(yaml));
        return Assert.Single(ex.Problems);
    }

    [Fact]
    public void Loads_a_valid_file_with_defaults()
    {
        var config = Load(ConfigFixture.ValidYaml);

        Assert.Equal("shop", config.Project);
        Assert.Equal(2, config.Images.Count);
        Assert.Equal("Dockerfile", config.Images[0].Dockerfile);
        Assert.Equal("linux/amd64", config.Images[0].Platform);
        Assert.Equal("production", config.Images[1].BuildArgs["NODE_ENV"]);
        Assert.Equal("/health", config.Services[0].HealthPath);
        Assert.Equal(TimeSpan.FromMinutes(30), config.Migrations!.Timeout);
        Assert.Equal(IacRunner.Terraform, config.Environments["local"].Runner);
        Assert.Equal(IacRunner.Terragrunt, config.Environments["staging"].Runner);
        Assert.True(config.Environments["staging"].IsAws);
        Assert.Equal("public, max-age=31536000, immutable", config.StaticSites[0].CacheRules[0].CacheControl);
    }

    [Fact]
    public void The_repository_config_is_valid()
    {
        var config = DeployConfigLoader.Load(Repo.PathOf("deploy.yml"), Repo.Root);

        Assert.Equal(["local", "staging", "production"], config.Environments.Keys.Order(StringComparer.Ordinal).Reverse().Order(Comparer<string>.Create((a, b) => Rank(a) - Rank(b))));
        static int Rank(string e) => e switch { "local" => 0, "staging" => 1, _ => 2 };
    }

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var problem = Fails("project: shop\nregion: [ap-northeast-1\n");

        Assert.Equal("(syntax)", problem.Key);
        Assert.StartsWith("malformed YAML", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= 2);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_one()
    {
        var problem = Fails(ConfigFixture.ValidYaml.Replace("    dockerfile: web.Dockerfile", "    dockerfile: web.Dockerfile\n    platfrom: linux/arm64", StringComparison.Ordinal));

        Assert.Equal("images[1].platfrom", problem.Key);
        Assert.Equal("unknown key; did you mean 'platform'?", problem.Message);
        Assert.Equal(9, problem.Line);
    }

    [Fact]
    public void Missing_dockerfile_is_reported_with_its_path()
    {
        File.Delete(Path.Combine(_fixture.Root, "app/api/Dockerfile"));

        var problem = Fails(ConfigFixture.ValidYaml);

        Assert.Equal("images[0].dockerfile", problem.Key);
        Assert.Equal("Dockerfile 'app/api/Dockerfile' does not exist", problem.Message);
    }

    [Fact]
    public void Missing_static_directory_is_reported()
    {
        Directory.Delete(Path.Combine(_fixture.Root, "app/web/dist"), recursive: true);

        var problem = Fails(ConfigFixture.ValidYaml);

        Assert.Equal("staticSites[0].source", problem.Key);
        Assert.Equal("static directory 'app/web/dist' does not exist", problem.Message);
    }

    [Theory]
    [InlineData("accountId: \"111111111111\"", "accountId: \"1234\"", "environments.staging.accountId", "must be a 12-digit AWS account id (quote it in YAML)")]
    [InlineData("    image: api\n    port: 3001", "    image: apii\n    port: 3001", "services[0].image", "refers to image 'apii', which is not in images")]
    [InlineData("project: shop", "project: Shop_Web", "project", "use 2-32 lower-case letters, digits or '-', starting with a letter")]
    [InlineData("region: ap-northeast-1", "region: tokyo", "region", "'tokyo' is not an AWS region name (e.g. ap-northeast-1)")]
    [InlineData("    port: 3000", "    port: 99999", "services[1].port", "must be between 1 and 65535, got 99999")]
    [InlineData("    iacDir: infra/staging", "    iacDir: infra/qa", "environments.staging.iacDir", "infrastructure directory 'infra/qa' does not exist")]
    [InlineData("  staging:", "  qa:", "environments.qa", "unknown key (allowed: local, staging, production)")]
    public void Bad_values_are_one_problem_each(string find, string replace, string key, string message)
    {
        var problem = Fails(ConfigFixture.ValidYaml.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(key, problem.Key);
        Assert.Equal(message, problem.Message);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Fact]
    public void Missing_required_keys_are_all_reported()
    {
        var ex = Assert.Throws<ConfigException>(() => Load("images: []\n"));

        Assert.Contains(ex.Problems, p => p.Key == "project" && p.Message == "is required");
        Assert.Contains(ex.Problems, p => p.Key == "region" && p.Message == "is required");
        Assert.Contains(ex.Problems, p => p.Key == "environments");
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var ex = Assert.Throws<ConfigException>(() => DeployConfigLoader.Load(Path.Combine(_fixture.Root, "nope.yml"), _fixture.Root));

        Assert.Equal("nope.yml:0:0: (file): configuration file not found", ex.Message);
    }
}
