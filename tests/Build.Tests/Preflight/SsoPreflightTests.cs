using Deploy.Build.Aws.Sts;
using Deploy.Build.Steps.Preflight;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Preflight;

/// <summary>
/// Preflight's STS check with an SSO profile (AWS_PROFILE) whose login is not good: one line saying to run
/// <c>aws sso login --profile &lt;p&gt;</c>. The SSO portal and STS are the local recorder: nothing leaves the machine.
/// </summary>
[Collection(ProcessEnvironmentGroup.Name)]
public sealed class SsoPreflightTests
{
    private const string Expected =
        "No AWS credentials found: the SSO login of profile sso-dev is missing or expired; run aws sso login --profile sso-dev.";

    [Fact]
    public void The_sso_login_message_is_one_line_naming_the_profile() =>
        Assert.Equal(Expected, PreflightChecks.SsoLoginNeeded("sso-dev"));

    [Fact]
    public async Task An_sso_profile_never_logged_in_says_to_run_aws_sso_login()
    {
        var (message, portal) = await PreflightMessageAsync(home => home);

        Assert.Equal(Expected, message);
        Assert.Empty(portal);
    }

    [Fact]
    public async Task An_sso_profile_whose_cached_token_expired_says_to_run_aws_sso_login()
    {
        var (message, portal) = await PreflightMessageAsync(home => home.LoggedIn(DateTimeOffset.UtcNow.AddHours(-1)));

        Assert.Equal(Expected, message);
        Assert.Empty(portal);
    }

    [Fact]
    public async Task An_sso_token_the_portal_no_longer_accepts_says_to_run_aws_sso_login()
    {
        var (message, portal) = await PreflightMessageAsync(home => home.LoggedIn(DateTimeOffset.UtcNow.AddHours(1)), rejectTokens: true);

        Assert.Equal(Expected, message);
        Assert.Single(portal, r => r.StartsWith("GET /federation/credentials?", StringComparison.Ordinal));
    }

    private static async Task<(string Message, string[] PortalRequests)> PreflightMessageAsync(Func<SsoHome, SsoHome> login, bool rejectTokens = false)
    {
        await using var portal = await SsoPortalRecorder.StartAsync();
        portal.RejectTokens = rejectTokens;
        using var home = login(new SsoHome());
        using var environment = home.Use(portal.Endpoint).Set(EnvVars.AwsEndpointUrlSts, portal.Endpoint.ToString());

        var ex = await Assert.ThrowsAsync<PreflightException>(() => new StsCallerIdentity().GetAccountIdAsync(Deploy.Build.Aws.AwsSettings.ForAws(home.Region)));

        return (ex.Message, [.. portal.Requests]);
    }
}
