using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// A home folder as <c>aws sso login --profile &lt;profile&gt;</c> leaves it: <c>~/.aws/config</c> with an
/// <c>[sso-session …]</c> section and a <c>[profile …]</c> that uses it, and the session's access token in
/// <c>~/.aws/sso/cache/&lt;SHA-1 hex of the session name&gt;.json</c>, where the AWS CLI writes it and the AWS SDK
/// for .NET reads it (AWSSDK.Core <c>SSOTokenFileCache</c>: <c>UserProfile/.aws/sso/cache</c>, lowercase hex of
/// SHA-1 over the UTF-8 session name).
/// </summary>
public sealed class SsoHome : IDisposable
{
    private readonly TempDir _dir = new();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "SHA-1 is how the AWS CLI and SDKs name the token cache file; it protects nothing.")]
    public SsoHome(string profile = "sso-dev", string session = "corp")
    {
        Profile = profile;
        Session = session;
        ConfigFile = _dir.Write(".aws/config", $"""
            [profile {profile}]
            sso_session = {session}
            sso_account_id = {AccountId}
            sso_role_name = {RoleName}
            region = {Region}

            [sso-session {session}]
            sso_start_url = {StartUrl}
            sso_region = {Region}
            sso_registration_scopes = sso:account:access

            """);
        // No static keys: the SDK reads the config file beside this one (see Use).
        CredentialsFile = _dir.Write(".aws/credentials", string.Empty);
        TokenFile = Path.Combine(_dir.Path, ".aws", "sso", "cache",
            Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(session))) + ".json");
    }

    public string Profile { get; }

    public string Session { get; }

    public string AccountId { get; } = "210987654321";

    public string RoleName { get; } = "DeployDeveloper";

    public string Region { get; } = "ap-northeast-1";

    public string StartUrl { get; } = "https://d-0000000000.awsapps.com/start";

    public string AccessToken { get; } = "sso-access-token-" + Guid.NewGuid().ToString("N");

    public string Home => _dir.Path;

    public string ConfigFile { get; }

    public string CredentialsFile { get; }

    public string TokenFile { get; }

    /// <summary>Writes the cached token as the AWS CLI does after a login (no refresh token: nothing to refresh).</summary>
    public SsoHome LoggedIn(DateTimeOffset expiresAt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!);
        File.WriteAllText(TokenFile, $$"""
            {
              "startUrl": "{{StartUrl}}",
              "region": "{{Region}}",
              "accessToken": "{{AccessToken}}",
              "expiresAt": "{{expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"
            }
            """);
        return this;
    }

    /// <summary>
    /// Points this process's AWS SDK at the home folder, with <see cref="Profile"/> as AWS_PROFILE and no other
    /// credentials in sight; SSO (and SSO OIDC) calls go to <paramref name="portal"/> through the SDK's
    /// service-specific endpoint variables (AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC: ClientConfig.ServiceURL
    /// reads AWS_ENDPOINT_URL_&lt;ServiceId&gt;). Everything is put back on dispose. Only in
    /// <see cref="ProcessEnvironmentGroup"/>.
    /// </summary>
    public ProcessEnvironment Use(Uri portal)
    {
        // SharedCredentialsFile reads AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and HOME once, in its static
        // constructor. Run it now, with the real environment, so this temp home never becomes the process's
        // default; then point the SDK here per call: AWSConfigs.AWSProfilesLocation names the credentials file, and
        // with AWS_CONFIG_FILE unset the SDK reads the "config" file beside it (SharedCredentialsFile.Refresh).
        RuntimeHelpers.RunClassConstructor(typeof(SharedCredentialsFile).TypeHandle);
        var profilesLocation = AWSConfigs.AWSProfilesLocation;
        var environment = new ProcessEnvironment()
            .Unset(
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONFIG_FILE")
            // The SSO token cache: Environment.SpecialFolder.UserProfile, i.e. HOME, read on every resolution.
            .Set("HOME", Home)
            .Set("AWS_PROFILE", Profile)
            .Set("AWS_ENDPOINT_URL_SSO", portal.ToString())
            .Set("AWS_ENDPOINT_URL_SSO_OIDC", portal.ToString())
            // A profile that fails must not fall through to the EC2 instance metadata service.
            .Set("AWS_EC2_METADATA_DISABLED", "true")
            .OnDispose(() => AWSConfigs.AWSProfilesLocation = profilesLocation);
        AWSConfigs.AWSProfilesLocation = CredentialsFile;
        return environment;
    }

    public void Dispose() => _dir.Dispose();
}
