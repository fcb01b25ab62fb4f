using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Deploy.Build.Preflight;

/// <summary>Who the AWS credentials belong to.</summary>
public interface ICallerIdentity
{
    /// <returns>The account id, or throws <see cref="PreflightException"/> when there are no usable credentials.</returns>
    Task<string> GetAccountIdAsync(string region, CancellationToken cancellationToken = default);
}

/// <summary>STS GetCallerIdentity through the SDK's default credentials chain (env, profile, SSO, web identity).</summary>
public sealed class StsCallerIdentity : ICallerIdentity
{
    public async Task<string> GetAccountIdAsync(string region, CancellationToken cancellationToken = default)
    {
        try
        {
            using var sts = new AmazonSecurityTokenServiceClient(new AmazonSecurityTokenServiceConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(region),
                MaxErrorRetry = 3,
                Timeout = TimeSpan.FromSeconds(20),
            });
            var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return response.Account;
        }
        catch (AmazonServiceException ex)
        {
            throw new PreflightException($"AWS rejected the credentials: {ex.ErrorCode}: {FirstLine(ex.Message)}");
        }
        catch (AmazonClientException ex)
        {
            throw new PreflightException($"No usable AWS credentials: {FirstLine(ex.Message)} (configure a profile, SSO or OIDC role).");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>A preflight refusal: one line, before any change is made.</summary>
public sealed class PreflightException(string message) : Exception(message);
