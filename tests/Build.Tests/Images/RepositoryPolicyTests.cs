using Deploy.Build.Aws.Ecr;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Images;

public sealed class RepositoryPolicyTests
{
    private static Repository Repo(bool scan, string mutability) => new()
    {
        RepositoryName = "shop-staging-api",
        ImageTagMutability = mutability,
        ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = scan },
    };

    [Fact]
    public void Decodes_an_ecr_token_into_user_password_and_registry_host_and_never_prints_the_password()
    {
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("AWS:eyJwYXlsb2FkIjoi:with:colons"));

        var login = EcrImageRegistry.FromToken(new AuthorizationData
        {
            AuthorizationToken = token,
            ProxyEndpoint = "https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
        });

        Assert.Equal("AWS", login.Username);
        Assert.Equal("eyJwYXlsb2FkIjoi:with:colons", login.Password);
        Assert.Equal("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", login.Server);
        Assert.DoesNotContain(login.Password, login.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_repositories_like_the_ecr_module() =>
        Assert.Equal("shop-staging-api", RepositoryPolicy.RepositoryName("shop", "staging", "api"));

    [Fact]
    public void The_lifecycle_policy_keeps_the_last_ten_images() =>
        Assert.Equal(10, RepositoryPolicy.KeptImages(RepositoryPolicy.LifecyclePolicyText()));

    [Fact]
    public void Reads_the_ecr_modules_own_policy_text()
    {
        const string terraform = """{"rules":[{"action":{"type":"expire"},"description":"Keep the last 10 images","rulePriority":1,"selection":{"countNumber":10,"countType":"imageCountMoreThan","tagStatus":"any"}}]}""";

        Assert.Equal(10, RepositoryPolicy.KeptImages(terraform));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"rules":[{"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":14},"action":{"type":"expire"}}]}""")]
    public void A_policy_without_a_keep_last_n_rule_keeps_nothing_known(string? text) => Assert.Null(RepositoryPolicy.KeptImages(text));

    [Fact]
    public void A_repository_as_the_policy_says_has_no_differences() =>
        Assert.Empty(RepositoryPolicy.Differences(Repo(true, "IMMUTABLE"), RepositoryPolicy.LifecyclePolicyText()));

    [Fact]
    public void Lists_every_difference_from_the_policy()
    {
        var differences = RepositoryPolicy.Differences(Repo(false, "MUTABLE"), RepositoryPolicy.LifecyclePolicyText(30));

        Assert.Equal([RepositoryPolicy.ScanOnPushOff, RepositoryPolicy.TagsMutable, "lifecycle policy keeps 30 images, not 10"], differences);
    }

    [Fact]
    public void The_ecr_owner_defaults_to_terraform_only_where_the_iac_folder_has_an_ecr_unit_or_module()
    {
        using var dir = new TempDir();
        dir.Write("grunt/ecr/terragrunt.hcl", "terraform {}\n");
        dir.Write("root/main.tf", "module \"ecr\" {\n  source = \"../modules/ecr\"\n}\n");
        dir.Write("bare/main.tf", "resource \"null_resource\" \"x\" {}\n");

        Assert.Equal(EcrOwner.Terraform, EcrOwnerDefault.For(Path.Combine(dir.Path, "grunt")));
        Assert.Equal(EcrOwner.Terraform, EcrOwnerDefault.For(Path.Combine(dir.Path, "root")));
        Assert.Equal(EcrOwner.Pipeline, EcrOwnerDefault.For(Path.Combine(dir.Path, "bare")));
        Assert.Equal(EcrOwner.Pipeline, EcrOwnerDefault.For(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void The_ecr_owner_can_be_set_per_environment_and_is_validated()
    {
        using var fixture = new ConfigFixture();
        var yaml = ConfigFixture.ValidYaml.Replace("    iacDir: infra/local", "    iacDir: infra/local\n    ecrOwner: terraform", StringComparison.Ordinal);
        var config = DeployConfigLoader.Parse(yaml, "deploy.yml", fixture.Root);
        var bad = Assert.Throws<ConfigException>(() => DeployConfigLoader.Parse(yaml.Replace("ecrOwner: terraform", "ecrOwner: ansible", StringComparison.Ordinal), "deploy.yml", fixture.Root));

        Assert.Equal(EcrOwner.Terraform, config.Environments["local"].EcrOwner);
        Assert.Equal(EcrOwner.Pipeline, config.Environments["staging"].EcrOwner);
        Assert.Contains("ecrOwner", bad.Message, StringComparison.Ordinal);
    }
}
