using System.Net;
using Deploy.Build.Aws;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Aws;

[Trait("Category", "Integration")]
public sealed class AwsJsonClientTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private sealed record DescribeRepositoriesRequest(string[]? RepositoryNames);

    private sealed record Repository(string RepositoryName, string RepositoryUri);

    private sealed record DescribeRepositoriesResponse(Repository[] Repositories);

    private sealed record CreateRepositoryRequest(string RepositoryName);

    private sealed record CreateRepositoryResponse(Repository Repository);

    [SkippableFact]
    public async Task Signs_calls_and_maps_errors_to_typed_exceptions_against_moto()
    {
        using var ecr = new AwsJsonClient(AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint)), "ecr", "api.ecr", "AmazonEC2ContainerRegistry_V20150921");

        var created = await ecr.CallAsync<CreateRepositoryRequest, CreateRepositoryResponse>("CreateRepository", new("json-client-test"));
        var listed = await ecr.CallAsync<DescribeRepositoriesRequest, DescribeRepositoriesResponse>("DescribeRepositories", new(["json-client-test"]));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() =>
            ecr.CallAsync<DescribeRepositoriesRequest, DescribeRepositoriesResponse>("DescribeRepositories", new(["nope"])));

        Assert.Equal("json-client-test", created.Repository.RepositoryName);
        Assert.Equal("json-client-test", Assert.Single(listed.Repositories).RepositoryName);
        Assert.Equal("RepositoryNotFoundException", missing.ErrorCode);
        Assert.False(missing.IsTransient);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}

public sealed class AwsRetryTests
{
    [Theory]
    [InlineData(500, null, true)]
    [InlineData(503, null, true)]
    [InlineData(429, null, true)]
    [InlineData(400, "ThrottlingException", true)]
    [InlineData(400, "TooManyRequestsException", true)]
    [InlineData(400, "RepositoryNotFoundException", false)]
    [InlineData(403, "AccessDeniedException", false)]
    public void Retries_throttling_and_server_errors_only(int status, string? code, bool transient) =>
        Assert.Equal(transient, AwsRetry.IsTransient((HttpStatusCode)status, code));

    [Fact]
    public async Task Retries_transient_errors_then_succeeds_and_reports_each_retry()
    {
        var retries = new List<string>();
        var pipeline = AwsRetry.Create(new AwsRetry.Options(MaxAttempts: 4, BaseDelay: TimeSpan.FromMilliseconds(1)), retries.Add);
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return calls < 3
                ? throw new AwsServiceException("ecr", "PutImage", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "busy", null)
                : ValueTask.FromResult(42);
        });

        Assert.Equal(42, result);
        Assert.Equal(3, calls);
        Assert.Equal(2, retries.Count);
    }

    [Fact]
    public async Task Does_not_retry_a_permanent_error()
    {
        var pipeline = AwsRetry.Create(new AwsRetry.Options(MaxAttempts: 4, BaseDelay: TimeSpan.FromMilliseconds(1)));
        var calls = 0;

        await Assert.ThrowsAsync<AwsServiceException>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            calls++;
            throw new AwsServiceException("ecr", "CreateRepository", HttpStatusCode.BadRequest, "InvalidParameterException", "bad", null);
        }));
        Assert.Equal(1, calls);
    }
}
