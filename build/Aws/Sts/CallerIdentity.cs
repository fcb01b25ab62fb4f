using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Deploy.Build.Steps.Preflight;

namespace Deploy.Build.Aws.Sts;

/// <summary>Who the AWS credentials belong to.</summary>
public interface ICallerIdentity
{
    /// <summary>The account of the identity <paramref name="aws"/> calls as: a role session of this run, or the default credentials chain.</summary>
    /// <returns>The account id, or throws <see cref="PreflightException"/> when there are no usable credentials.</returns>
    Task<string> GetAccountIdAsync(AwsSettings aws, CancellationToken cancellationToken = default);
}

/// <summary>
/// STS GetCallerIdentity as the phase's identity: in GitHub Actions the role session assumed with the job's OIDC token
/// (no workflow step sets credentials), elsewhere the SDK's default credentials chain (env, profile, SSO, web identity).
/// </summary>
public sealed class StsCallerIdentity : ICallerIdentity
{
    private static readonly string[] EndpointVariables = [EnvVars.AwsEndpointUrlSts, EnvVars.AwsEndpointUrl];

    public async Task<string> GetAccountIdAsync(AwsSettings aws, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var region = aws.Region;

        // Resolved first and on their own: without credentials the SDK's request fails with an unrelated signer error;
        // a role session is assumed here, so a trust policy refusing the job's token is reported in one line.
        AWSCredentials credentials;
        try
        {
            credentials = aws.Credentials();
            await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            // The role's trust policy refused the job's token (the message names the role and the token's subject).
            throw new PreflightException($"Could not assume {aws.Identity}: {FirstLine(ex.Message)}");
        }
        catch (Exception ex) when (!aws.ExportToPrograms && IsSsoTokenFailure(ex) && SsoProfileInUse() is { } profile)
        {
            // The default chain with an SSO profile: without a cached token the SDK skips it ("… is an SSO profile.
            // This type of profile is not allowed here") and finds nothing else; an expired or revoked one fails here,
            // when the credentials are first fetched.
            throw new PreflightException(PreflightChecks.SsoLoginNeeded(profile));
        }
        catch (AmazonClientException)
        {
            throw new PreflightException(PreflightChecks.NoCredentials);
        }
        catch (AmazonServiceException ex)
        {
            throw new PreflightException($"AWS rejected the credentials: {ex.ErrorCode}: {FirstLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException or TimeoutException)
        {
            // GitHub's token endpoint or STS, while starting the role session.
            throw new PreflightException($"Could not get the credentials of {aws.Identity}: {FirstLine(Root(ex).Message)}");
        }

        var endpoint = StsEndpoint(region);
        try
        {
            using var sts = new AmazonSecurityTokenServiceClient(credentials, new AmazonSecurityTokenServiceConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(region),
                MaxErrorRetry = 3,
                Timeout = TimeSpan.FromSeconds(20),
            });
            var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return response.Account;
        }
        catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException or TimeoutException
                                                 || ex.StatusCode == 0)
        {
            throw new PreflightException(PreflightChecks.Unreachable(endpoint, Root(ex).Message));
        }
        catch (AmazonServiceException ex)
        {
            throw new PreflightException($"AWS rejected the credentials: {ex.ErrorCode}: {FirstLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException or TimeoutException)
        {
            throw new PreflightException(PreflightChecks.Unreachable(endpoint, Root(ex).Message));
        }
        catch (AmazonClientException ex)
        {
            throw new PreflightException($"No usable AWS credentials: {FirstLine(ex.Message)} (configure a profile, SSO or OIDC role).");
        }
    }

    /// <summary>Where the STS call goes: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL when set (as the SDK honours them), else the regional endpoint.</summary>
    public static string StsEndpoint(string region) =>
        EndpointVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? $"https://sts.{region}.amazonaws.com";

    /// <summary>
    /// The profile the SDK reads (AWS_PROFILE, else "default") when it is an SSO one (sso_account_id and
    /// sso_role_name, as <c>aws configure sso</c> writes them), else null.
    /// </summary>
    private static string? SsoProfileInUse()
    {
        var name = DefaultAWSCredentialsIdentityResolver.GetProfileName();
        return new CredentialProfileStoreChain().TryGetProfile(name, out var profile)
               && !string.IsNullOrEmpty(profile.Options.SsoAccountId) && !string.IsNullOrEmpty(profile.Options.SsoRoleName)
            ? name
            : null;
    }

    /// <summary>
    /// How the SDK reports an SSO login that is no longer good, when the credentials are first fetched: no exception
    /// type of its own, but an AmazonClientException from its token cache ("SSO Token has expired and can not be
    /// refreshed", "… failed to refresh", "No valid SSO Token could be found."), or the portal's 401
    /// UnauthorizedException for a token it no longer accepts. Network and other service errors keep their messages.
    /// </summary>
    private static bool IsSsoTokenFailure(Exception ex) =>
        ex is AmazonClientException or Amazon.SSO.Model.UnauthorizedException;

    private static Exception Root(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>A preflight refusal: one line, before any change is made.</summary>
public sealed class PreflightException(string message) : Exception(message);
