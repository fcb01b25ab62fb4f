using Deploy.Build.Steps.Images;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Tests.Images;

public sealed class RegistryTransferRetryTests
{
    [Theory]
    [InlineData("received unexpected HTTP status: 500 Internal Server Error", true)]
    [InlineData("received unexpected HTTP status: 503 Service Unavailable", true)]
    [InlineData("toomanyrequests: fault proxy", true)]
    [InlineData("Put \"http://127.0.0.1:5050/v2/api/manifests/v1\": EOF", true)]
    [InlineData("read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer", true)]
    [InlineData("denied: requested access to the resource is denied", false)]
    [InlineData("unauthorized: authentication required", false)]
    [InlineData("name unknown: repository name not known to registry", false)]
    [InlineData("An image does not exist locally with the tag: 127.0.0.1:5050/api", false)]
    public void Only_passing_registry_failures_are_retried(string lastLine, bool transient) =>
        Assert.Equal(transient, RegistryTransferRetry.IsTransient(["The push refers to repository [127.0.0.1:5050/api]", lastLine]));

    [Fact]
    public void A_push_that_fails_twice_transiently_is_tried_a_third_time_and_a_refusal_once()
    {
        var retries = new List<string>();
        var pipeline = RegistryTransferRetry.Create(retries.Add, maxAttempts: 5, baseDelay: TimeSpan.FromMilliseconds(1));
        var attempts = 0;
        RegistryTransferRetry.Run(pipeline, () =>
        {
            if (++attempts < 3)
            {
                throw new DockerException("push", 1, ["received unexpected HTTP status: 503 Service Unavailable"]);
            }
        });
        Assert.Equal(3, attempts);
        Assert.Equal(2, retries.Count);

        var refused = 0;
        Assert.Throws<DockerException>(() => RegistryTransferRetry.Run(pipeline, () =>
        {
            refused++;
            throw new DockerException("push", 1, ["denied: requested access to the resource is denied"]);
        }));
        Assert.Equal(1, refused);
    }
}
