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
    /// <returns>The account id, or throws <see cref="PreflightException"/> when there are no usable credentials.</returns>
    Task<string> GetAccountIdAsync(string region, CancellationToken cancellationToken = default);
}

/// <summary>STS GetCallerIdentity through the SDK's default credentials chain (env, profile, SSO, web identity).</summary>
public sealed class StsCallerIdentity : ICallerIdentity
{
    private static readonly string[] EndpointVariables = [EnvVars.AwsEndpointUrlSts, EnvVars.AwsEndpointUrl];

    public async Task<string> GetAccountIdAsync(string region, CancellationToken cancellationToken = default)
    {
        // Resolved first and on their own: without credentials the SDK's request fails with an unrelated signer error.
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException) when (SsoProfileInUse() is { } profile)
        {
            // An SSO profile without a cached token: the SDK skips it ("… is an SSO profile. This type of profile
            // is not allowed here") and the chain finds nothing else.
            throw new PreflightException(PreflightChecks.SsoLoginNeeded(profile));
        }
        catch (AmazonClientException)
        {
            throw new PreflightException(PreflightChecks.NoCredentials);
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
        catch (Exception ex) when (credentials is SSOAWSCredentials && IsSsoTokenFailure(ex) && SsoProfileInUse() is { } profile)
        {
            throw new PreflightException(PreflightChecks.SsoLoginNeeded(profile));
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
    /// How the SDK reports an SSO login that is no longer good, when the credentials are first used: no exception
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
