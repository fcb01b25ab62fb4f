using Deploy.Build.Aws;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Aws;

/// <summary>
/// A profile from <c>aws sso login</c> resolves in the pipeline's own credential path (review row 7):
/// <see cref="AwsSettings.ForAws"/>, i.e. the SDK's DefaultAWSCredentialsIdentityResolver, which needs the
/// AWSSDK.SSO / AWSSDK.SSOOIDC assemblies at runtime.
/// </summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class SsoProfileCredentialsTests
{
    [Fact]
    public async Task An_sso_login_profile_resolves_to_the_role_credentials_the_portal_returns_for_its_cached_token()
    {
        // The SSO portal's GetRoleCredentials is the one call that cannot be made locally (moto has no SSO
        // portal): the recorder stands in for it. Config file, token cache and the SDK's resolution are real.
        await using var portal = await SsoPortalRecorder.StartAsync();
        using var home = new SsoHome().LoggedIn(DateTimeOffset.UtcNow.AddHours(8));
        using var environment = home.Use(portal.Endpoint);

        var credentials = await AwsSettings.ForAws(home.Region).Credentials().GetCredentialsAsync();

        Assert.Equal(portal.AccessKeyId, credentials.AccessKey);
        Assert.Equal(portal.SecretAccessKey, credentials.SecretKey);
        Assert.Equal(portal.SessionToken, credentials.Token);
        var call = Assert.Single(portal.CredentialRequests);
        Assert.Equal(home.AccessToken, call.BearerToken);
        Assert.Equal(home.AccountId, call.AccountId);
        Assert.Equal(home.RoleName, call.RoleName);
        // Nothing else was asked of the portal (no token refresh, no OIDC call).
        Assert.Single(portal.Requests);
    }
}
