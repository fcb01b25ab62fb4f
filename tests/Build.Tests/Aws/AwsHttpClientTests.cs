using System.Net;
using Deploy.Build.Aws;
using Deploy.Build.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Deploy.Build.Tests.Aws;

/// <summary>The signed transport itself: redirects (review row 29).</summary>
public sealed class AwsHttpClientTests
{
    [Fact]
    public void The_signed_clients_transport_never_follows_redirects() =>
        Assert.False(AwsHttpClient.CreateTransport().AllowAutoRedirect);

    [Fact]
    public async Task A_307_answer_is_an_error_and_the_redirect_target_is_never_called()
    {
        await using var server = await LoopbackHttpServer.StartAsync(http =>
        {
            if (http.Request.Path == "/")
            {
                http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                http.Response.Headers.Location = "/elsewhere";
                return Task.CompletedTask;
            }

            http.Response.ContentType = "application/x-amz-json-1.1";
            return http.Response.WriteAsync("{}");
        });
        // The real transport (no inner handler): the one every service client uses.
        using var client = new AwsJsonClient(AwsSettings.ForLocal("ap-northeast-1", server.Endpoint), "ecs", "ecs",
            "AmazonEC2ContainerServiceV20141113", new AwsRetry.Options(MaxAttempts: 2, BaseDelay: TimeSpan.FromMilliseconds(1)));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            client.CallAsync<Dictionary<string, string>, Dictionary<string, string>>("DescribeServices", new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Equal(["POST /"], server.Requests);
    }
}
