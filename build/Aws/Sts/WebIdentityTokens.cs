using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Deploy.Build.Aws.Sts;

/// <summary>
/// The job's OIDC token from GitHub Actions' token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, present when the
/// workflow grants <c>id-token: write</c>), audience sts.amazonaws.com. Fetched for every session: tokens live minutes.
/// </summary>
public sealed class GitHubActionsTokenSource(string requestUrl, string requestToken, string subject) : IWebIdentityTokenSource
{
    public string Subject { get; } = subject;

    public static GitHubActionsTokenSource? FromEnvironment(string subject) =>
        Environment.GetEnvironmentVariable(EnvVars.ActionsIdTokenRequestUrl) is { Length: > 0 } url
        && Environment.GetEnvironmentVariable(EnvVars.ActionsIdTokenRequestToken) is { Length: > 0 } token
            ? new GitHubActionsTokenSource(url, token, subject)
            : null;

    public string GetToken()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var separator = requestUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{requestUrl}{separator}audience={Uri.EscapeDataString(GitHubOidcSubject.Audience)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestToken);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(response.Content.ReadAsStream());
        return body.RootElement.GetProperty("value").GetString()
            ?? throw new InvalidOperationException("GitHub's OIDC token endpoint answered without a token");
    }
}

/// <summary>
/// A token shaped like the one a GitHub Actions job gets (issuer, audience, subject, repository, environment), for
/// the local cloud: moto checks it against the role's trust policy but, like nothing here, cannot verify GitHub's
/// signature, so it is unsigned (<c>alg: none</c>). Never sent anywhere but the local cloud.
/// </summary>
public sealed class LocalWebIdentityTokenSource(string subject, IReadOnlyDictionary<string, string>? claims = null) : IWebIdentityTokenSource
{
    public string Subject { get; } = subject;

    public string GetToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["iss"] = GitHubOidcSubject.Issuer,
            ["aud"] = GitHubOidcSubject.Audience,
            ["sub"] = Subject,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 600,
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, string>())
        {
            payload[name] = value;
        }

        return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(JsonSerializer.Serialize(payload))}.";
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
