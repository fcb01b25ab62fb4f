using Amazon.S3.Model;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.S3;
using Deploy.Build.Aws.Sts;
using Deploy.Build.LocalCloud;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.LocalCloud;

/// <summary>
/// The local cloud refuses what AWS refuses: unknown keys, a token whose subject the role does not trust, an action
/// the role's policy lacks (named in the error, for a JSON, a REST-XML and the S3 protocol), and accepts the rest.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IamEnforcementTests(EnforcingMotoServer moto) : IClassFixture<EnforcingMotoServer>
{
    private const string Project = "iamtest";
    private const string Region = "ap-northeast-1";
    private static readonly string Account = LocalCloudSettings.AccountId;

    private async Task<string> RoleAsync(DeployRole role, string policyJson)
    {
        var provider = $"arn:aws:iam::{Account}:oidc-provider/token.actions.githubusercontent.com";
        var existing = await moto.AwsAsync(Account, "iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", provider);
        if (existing.ExitCode != 0)
        {
            await moto.MustAsync(Account, "iam", "create-open-id-connect-provider", "--url", GitHubOidcSubject.Issuer,
                "--client-id-list", GitHubOidcSubject.Audience, "--thumbprint-list", "6938fd4d98bab03faadb97b34396831e3780aea1");
        }

        var name = DeployRoles.Name(Project, "local", role);
        var trust = System.Text.Json.JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Principal = new { Federated = provider },
                    Action = "sts:AssumeRoleWithWebIdentity",
                    Condition = new Dictionary<string, Dictionary<string, string>>
                    {
                        ["StringEquals"] = new()
                        {
                            ["token.actions.githubusercontent.com:aud"] = GitHubOidcSubject.Audience,
                            ["token.actions.githubusercontent.com:sub"] = LocalCloudIdentities.Subject("local", role),
                        },
                    },
                },
            },
        });
        await moto.AwsAsync(Account, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust);
        await moto.MustAsync(Account, "iam", "put-role-policy", "--role-name", name, "--policy-name", "p", "--policy-document", policyJson);
        return name;
    }

    private AwsSettings As(DeployRole role) =>
        LocalCloudIdentities.For(moto.Settings, Region, Project, "local", role, "run-1");

    [SkippableFact]
    public async Task Keys_the_account_does_not_know_are_refused()
    {
        using var ecs = new EcsClient(AwsSettings.ForLocal(Region, moto.Endpoint), new AwsRetry.Options(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1)));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeServicesAsync(new DescribeServicesRequest("c", ["s"])));

        Assert.Contains(ex.ErrorCode, new[] { "UnrecognizedClientException", "InvalidClientTokenId" });
    }

    [SkippableFact]
    public async Task A_token_whose_subject_the_role_does_not_trust_cannot_assume_it()
    {
        await RoleAsync(DeployRole.Deploy, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:DescribeServices","Resource":"*"}]}""");
        var arn = DeployRoles.Arn(Account, Project, "local", DeployRole.Deploy);
        var pullRequest = new LocalWebIdentityTokenSource(GitHubOidcSubject.PullRequest(LocalCloudSettings.GitHubRepository));
        var credentials = new WebIdentityRoleCredentials(arn, "pr-run", pullRequest, Region, moto.Endpoint);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => credentials.GetCredentialsAsync());

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Contains("pull_request", ex.Message, StringComparison.Ordinal);
        Assert.Contains(arn, ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_role_may_do_what_its_policy_allows_and_is_refused_the_rest_with_the_action_named()
    {
        await RoleAsync(DeployRole.Deploy, """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["ecs:DescribeServices","cloudfront:GetInvalidation"],"Resource":"*"},
              {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::iamtest-local-assets"}]}
            """);
        await moto.MustAsync(Account, "s3api", "create-bucket", "--bucket", "iamtest-local-assets", "--create-bucket-configuration", "LocationConstraint=ap-northeast-1");
        var deploy = As(DeployRole.Deploy);
        using var ecs = new EcsClient(deploy, new AwsRetry.Options(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1)));
        using var cloudFront = new CloudFrontClient(deploy);
        using var s3 = S3ClientFactory.Create(deploy);

        // Allowed: the answers are the service's own (nothing there), not refusals.
        var noCluster = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeServicesAsync(new DescribeServicesRequest("iamtest-local-cluster", ["web"])));
        Assert.Equal("ClusterNotFoundException", noCluster.ErrorCode);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => cloudFront.GetInvalidationAsync(new GetInvalidationRequest("E0000000000000", "I1")));
        Assert.NotEqual("AccessDenied", missing.ErrorCode);
        await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "iamtest-local-assets" });

        // Refused, each in its protocol, naming the action.
        var json = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.UpdateServiceAsync(new UpdateServiceRequest("iamtest-local-cluster", "web", DesiredCount: 1)));
        Assert.Equal("AccessDeniedException", json.ErrorCode);
        Assert.Contains("ecs:UpdateService", json.Message, StringComparison.Ordinal);
        Assert.Contains($"assumed-role/{DeployRoles.Name(Project, "local", DeployRole.Deploy)}/", json.Message, StringComparison.Ordinal);

        var xml = await Assert.ThrowsAsync<AwsServiceException>(() => cloudFront.CreateInvalidationAsync(
            new CreateInvalidationRequest("E0000000000000", new InvalidationBatch("ref-1", new InvalidationPaths(["/*"])))));
        Assert.Equal("AccessDenied", xml.ErrorCode);
        Assert.Contains("cloudfront:CreateInvalidation", xml.Message, StringComparison.Ordinal);

        var s3Error = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "iamtest-local-assets", Key = "index.html", ContentBody = "x" }));
        Assert.Equal("AccessDenied", s3Error.ErrorCode);
        Assert.Contains("s3:PutObject", s3Error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_bootstrap_administrator_of_each_account_acts_in_its_own_account()
    {
        var first = await moto.AwsAsync(LocalCloudSettings.AccountId, "sts", "get-caller-identity");
        var second = await moto.AwsAsync(LocalCloudSettings.SecondAccountId, "sts", "get-caller-identity");

        Assert.Contains($"\"Account\": \"{LocalCloudSettings.AccountId}\"", first.StdOut, StringComparison.Ordinal);
        Assert.Contains($"\"Account\": \"{LocalCloudSettings.SecondAccountId}\"", second.StdOut, StringComparison.Ordinal);
    }
}
