using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Deploy.Build.Aws.Sts;

/// <summary>Where a job's OIDC token comes from: GitHub's token endpoint in Actions, a minted one on the local cloud.</summary>
public interface IWebIdentityTokenSource
{
    /// <summary>What the token says the job is (its subject), for the run summary and error lines.</summary>
    string Subject { get; }

    string GetToken();
}

/// <summary>
/// A role session from <c>sts:AssumeRoleWithWebIdentity</c>, renewed before it expires (a first staging deploy
/// takes about an hour; the roles allow two-hour sessions). The call is unsigned, as in AWS: the token is the
/// credential, and the role's trust policy decides.
/// </summary>
public sealed class WebIdentityRoleCredentials(string roleArn, string sessionName, IWebIdentityTokenSource tokens, string region, Uri? stsEndpoint)
    : RefreshingAWSCredentials
{
    public const int SessionSeconds = 7200;

    public string RoleArn { get; } = roleArn;

    /// <summary>The assumed-role ARN of the current session, once one exists.</summary>
    public string? SessionArn { get; private set; }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 4, Timeout = TimeSpan.FromSeconds(30) };
        if (stsEndpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = stsEndpoint.ToString();
            config.AuthenticationRegion = region;
        }

        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
        AssumeRoleWithWebIdentityResponse response;
        try
        {
            response = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
            {
                RoleArn = RoleArn,
                RoleSessionName = sessionName,
                WebIdentityToken = tokens.GetToken(),
                DurationSeconds = SessionSeconds,
            }).ConfigureAwait(false);
        }
        catch (AmazonSecurityTokenServiceException ex)
        {
            throw new AwsServiceException("STS", "AssumeRoleWithWebIdentity", ex.StatusCode, ex.ErrorCode,
                $"{ex.Message} (role {RoleArn}, token subject {tokens.Subject}: the role's trust policy must admit it; modules/ci-access)", ex.RequestId);
        }

        SessionArn = response.AssumedRoleUser?.Arn;
        var c = response.Credentials;
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
            c.Expiration?.ToUniversalTime() ?? DateTime.UtcNow.AddSeconds(SessionSeconds));
    }
}

/// <summary>How an AWS environment's phases get their roles.</summary>
public static class AwsRoleSessions
{
    /// <summary>
    /// In GitHub Actions with <c>id-token: write</c> and the environment's account known, each phase assumes its own
    /// ci-access role with the job's OIDC token (so one job runs plan, apply and deploy each with only its rights).
    /// Anywhere else (a laptop with an SSO profile, a job whose credentials a workflow step set) every phase uses the
    /// default credentials chain: the person or job's own identity.
    /// </summary>
    public static AwsSettings For(string region, string? accountId, string project, string environment, DeployRole role, string runId)
    {
        if (role == DeployRole.Admin || accountId is null
            || GitHubActionsTokenSource.FromEnvironment("the GitHub job's OIDC token") is not { } tokens)
        {
            return AwsSettings.ForAws(region);
        }

        var session = new WebIdentityRoleCredentials(DeployRoles.Arn(accountId, project, environment, role),
            DeployRoles.SessionName(environment, role, runId), tokens, region, stsEndpoint: null);
        return AwsSettings.ForRoleSession(region, null, session, DeployRoles.Name(project, environment, role));
    }
}
