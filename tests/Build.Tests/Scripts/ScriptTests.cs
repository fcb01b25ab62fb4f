using Amazon.S3;
using Amazon.S3.Model;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Scripts;

/// <summary>Operator scripts: shellcheck-clean, --help, argument errors, and real runs against moto.</summary>
public sealed class ScriptTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repo.PathOf("scripts"), "*.sh").Where(f => !f.EndsWith("lib.sh", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [SkippableFact]
    public async Task All_shell_scripts_pass_shellcheck()
    {
        var shellcheck = Requirements.Tool("shellcheck");
        var files = Directory.GetFiles(Repo.Root, "*.sh", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains("/.local-cloud/", StringComparison.Ordinal))
            .Append(Repo.PathOf(".ci/run"));

        var result = await Run.ProcessAsync(shellcheck, ["-x", "-P", "SCRIPTDIR", .. files]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Help_explains_usage_and_exits_0(string script)
    {
        var result = await Run.ProcessAsync("bash", [Repo.PathOf($"scripts/{script}"), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: " + script, result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task An_unknown_environment_is_a_usage_error(string script)
    {
        var result = await Run.ProcessAsync("bash", [Repo.PathOf($"scripts/{script}"), "qa"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown environment 'qa'", result.StdErr, StringComparison.Ordinal);
    }
}

/// <summary>The scripts against a real moto through the AWS CLI's endpoint override.</summary>
[Trait("Category", "Integration")]
public sealed class ScriptMotoTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private Dictionary<string, string?> AwsEnv() => new()
    {
        ["AWS_ENDPOINT_URL"] = moto.Endpoint,
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_REGION"] = "ap-northeast-1",
        ["AWS_DEFAULT_REGION"] = "ap-northeast-1",
        ["AWS_PAGER"] = string.Empty,
    };

    [SkippableFact]
    public async Task Bootstrap_state_creates_a_versioned_encrypted_private_bucket_idempotently()
    {
        Requirements.Tool("aws");
        var script = Repo.PathOf("scripts/bootstrap_state.sh");

        var first = await Run.ProcessAsync("bash", [script, "staging"], environment: AwsEnv());
        var second = await Run.ProcessAsync("bash", [script, "staging"], environment: AwsEnv());

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("exists", second.StdOut, StringComparison.Ordinal);
        using var s3 = new AmazonS3Client("test", "test", new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = "ap-northeast-1" });
        const string bucket = "bookmark-manager-staging-tfstate-123456789012";
        Assert.Equal(VersionStatus.Enabled, (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);
        var encryption = await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });
        Assert.Equal(ServerSideEncryptionMethod.AES256, encryption.ServerSideEncryptionConfiguration.ServerSideEncryptionRules[0].ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);
        var block = (await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket })).PublicAccessBlockConfiguration;
        Assert.True(block.BlockPublicAcls == true && block.BlockPublicPolicy == true && block.IgnorePublicAcls == true && block.RestrictPublicBuckets == true);
    }

    [SkippableFact]
    public async Task Connect_reads_SSM_without_printing_the_password_and_stops_when_no_task_runs()
    {
        Requirements.Tool("aws");
        const string secret = "s3cr3t-Pa55word";
        var env = AwsEnv();
        Assert.Equal(0, (await Run.ProcessAsync("aws", ["ssm", "put-parameter", "--name", "/bookmark-manager/staging/DATABASE_URL", "--type", "SecureString",
            "--value", $"postgresql://dbadmin:{secret}@aurora.cluster.local:5432/appdb"], environment: env)).ExitCode);
        Assert.Equal(0, (await Run.ProcessAsync("aws", ["ecs", "create-cluster", "--cluster-name", "bookmark-manager-staging-cluster"], environment: env)).ExitCode);

        var result = await Run.ProcessAsync("bash", [Repo.PathOf("scripts/connect_to_aurora.sh"), "staging", "15432", "--print-only"], environment: env);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no running task of bookmark-manager-staging-api in bookmark-manager-staging-cluster", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Output, StringComparison.Ordinal);
    }
}
