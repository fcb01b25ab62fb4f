using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// A stand-in for the one call the AWS SDK makes to the IAM Identity Center (SSO) portal when it resolves an SSO
/// profile: GetRoleCredentials, <c>GET /federation/credentials?role_name=..&amp;account_id=..</c> with the cached
/// access token in <c>x-amz-sso_bearer_token</c>. The portal cannot run locally (moto has no SSO portal), so this
/// records what it was sent and answers with fixed role credentials, shaped as the SSO service model's
/// <c>GetRoleCredentialsResponse</c>. Any other request gets a 404, and is recorded too.
/// </summary>
public sealed class SsoPortalRecorder : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private SsoPortalRecorder(LoopbackHttpServer server) => _server = server;

    public Uri Endpoint => _server.Endpoint;

    /// <summary>"METHOD /path?query" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests => _server.Requests;

    /// <summary>The GetRoleCredentials calls: bearer token, account id and role name as received.</summary>
    public ConcurrentQueue<(string? BearerToken, string? AccountId, string? RoleName)> CredentialRequests { get; } = new();

    public string AccessKeyId { get; } = "ASIASSOPORTALROLE01";

    public string SecretAccessKey { get; } = "sso-portal-secret-" + Guid.NewGuid().ToString("N")[..12];

    public string SessionToken { get; } = "sso-portal-session-" + Guid.NewGuid().ToString("N");

    public DateTimeOffset Expiration { get; } = DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>Answer as the portal does for a token it no longer accepts (signed out, session ended): 401 UnauthorizedException.</summary>
    public bool RejectTokens { get; set; }

    public static async Task<SsoPortalRecorder> StartAsync()
    {
        SsoPortalRecorder? recorder = null;
        var server = await LoopbackHttpServer.StartAsync(http => recorder!.HandleAsync(http));
        recorder = new SsoPortalRecorder(server);
        return recorder;
    }

    private Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Path != "/federation/credentials")
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        CredentialRequests.Enqueue((
            request.Headers["x-amz-sso_bearer_token"].FirstOrDefault(),
            request.Query["account_id"].FirstOrDefault(),
            request.Query["role_name"].FirstOrDefault()));
        http.Response.ContentType = "application/json";
        if (RejectTokens)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers["x-amzn-ErrorType"] = "UnauthorizedException";
            return http.Response.WriteAsync("""{"message":"Session token not found or invalid"}""");
        }

        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            roleCredentials = new
            {
                accessKeyId = AccessKeyId,
                secretAccessKey = SecretAccessKey,
                sessionToken = SessionToken,
                expiration = Expiration.ToUnixTimeMilliseconds(),
            },
        }));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
