using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.EnvFiles;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.EnvFiles;

[Trait("Category", "Integration")]
public sealed class EnvFilesTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static InfraOutputs Outputs() => new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), "shop-local", new Dictionary<string, string>(),
        new Dictionary<string, string>(), new Dictionary<string, string>(), [], [], false, "bucket", "E123", "d111.cloudfront.net",
        new Dictionary<string, string> { ["DATABASE_URL"] = "/shop/local/DATABASE_URL" }, new Dictionary<string, string>(), "alb.local");

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Writes_both_env_files_from_outputs_and_SSM_with_mode_600()
    {
        const string databaseUrl = "postgresql://app:very-secret@db.local:5432/app";
        var aws = AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint));
        using (var ssm = new AmazonSimpleSystemsManagementClient(aws.Credentials(), new AmazonSimpleSystemsManagementConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = "ap-northeast-1" }))
        {
            await ssm.PutParameterAsync(new PutParameterRequest { Name = "/shop/local/DATABASE_URL", Value = databaseUrl, Type = ParameterType.SecureString, Overwrite = true });
        }

        using var fixture = new ConfigFixture();
        var config = DeployConfigLoader.Load(fixture.WriteConfig(ConfigFixture.ValidYaml), fixture.Root);
        var secret = await new SsmParameterReader().GetAsync(aws, "/shop/local/DATABASE_URL");
        var files = EnvFilePlan.For(config, Outputs(), fixture.Root, secret);

        Assert.All(files, f => Assert.True(EnvFileWriter.Write(f)));
        Assert.All(files, f => Assert.False(EnvFileWriter.Write(f)));

        var api = await File.ReadAllTextAsync(Path.Combine(fixture.Root, "app/api/.env"));
        var web = await File.ReadAllTextAsync(Path.Combine(fixture.Root, "app/web/.env"));
        Assert.Contains("PORT=3001\n", api, StringComparison.Ordinal);
        Assert.Contains($"DATABASE_URL={databaseUrl}\n", api, StringComparison.Ordinal);
        Assert.Contains("CORS_ALLOWED_ORIGINS=https://d111.cloudfront.net\n", api, StringComparison.Ordinal);
        Assert.Contains("VITE_API_URL=https://d111.cloudfront.net\n", web, StringComparison.Ordinal);
        Assert.DoesNotContain("DATABASE_URL", web, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixture.Root, "app/api/.env")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixture.Root, "app/web/.env")));
        Assert.DoesNotContain("very-secret", files[0].Describe(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_missing_parameter_is_a_clear_error()
    {
        var aws = AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new SsmParameterReader().GetAsync(aws, "/shop/local/NOPE"));

        Assert.Equal("SSM parameter /shop/local/NOPE does not exist.", ex.Message);
    }

    [Fact]
    public void Env_files_are_git_ignored()
    {
        var gitignore = File.ReadAllLines(Repo.PathOf(".gitignore"));

        Assert.Contains(".env", gitignore);
    }
}
