using System.Net;
using Deploy.Build.Aws;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tests.StaticSite;

public sealed class CdnInvalidatorTests
{
    /// <summary>A scripted CloudFront for the invalidator's retry and wait logic (the wire format is tested against moto).</summary>
    private sealed class ScriptedCloudFront(int busyAnswers, params string[] statuses) : ICloudFrontClient
    {
        private int _busy = busyAnswers;
        private int _polls;

        public List<CreateInvalidationRequest> Created { get; } = [];

        public int Polls => _polls;

        public Task<CreateInvalidationResponse> CreateInvalidationAsync(CreateInvalidationRequest request, CancellationToken cancellationToken = default)
        {
            Created.Add(request);
            if (_busy-- > 0)
            {
                throw new AwsServiceException("cloudfront", "CreateInvalidation", HttpStatusCode.BadRequest, CdnInvalidator.TooManyInProgress, "busy", null);
            }

            return Task.FromResult(new CreateInvalidationResponse(new Invalidation("I1", statuses[0], DateTimeOffset.UnixEpoch, request.InvalidationBatch), null));
        }

        public Task<GetInvalidationResponse> GetInvalidationAsync(GetInvalidationRequest request, CancellationToken cancellationToken = default)
        {
            var status = statuses[Math.Min(++_polls, statuses.Length - 1)];
            return Task.FromResult(new GetInvalidationResponse(new Invalidation(request.Id, status, DateTimeOffset.UnixEpoch, new InvalidationBatch("r", new InvalidationPaths([])))));
        }

        public void Dispose()
        {
        }
    }

    private static readonly Func<TimeSpan, CancellationToken, Task> NoDelay = (_, _) => Task.CompletedTask;

    [Fact]
    public async Task Retries_too_many_invalidations_in_progress_with_the_same_caller_reference()
    {
        var cloudFront = new ScriptedCloudFront(2, "InProgress");
        var log = new List<string>();

        var invalidation = await new CdnInvalidator(cloudFront, NoDelay).InvalidateAsync("D1", ["/index.html"], "abc123", new InvalidationOptions(), log.Add);

        Assert.Equal("I1", invalidation.Id);
        Assert.Equal(3, cloudFront.Created.Count);
        Assert.Single(cloudFront.Created.Select(c => c.InvalidationBatch.CallerReference).Distinct());
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_busy_attempts()
    {
        var cloudFront = new ScriptedCloudFront(10, "InProgress");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new CdnInvalidator(cloudFront, NoDelay).InvalidateAsync("D1", ["/index.html"], "v", new InvalidationOptions(MaxBusyAttempts: 3)));
        Assert.Equal(CdnInvalidator.TooManyInProgress, error.ErrorCode);
        Assert.Equal(3, cloudFront.Created.Count);
    }

    [Theory]
    [InlineData("Completed")]
    [InlineData("COMPLETED")]
    public async Task Waits_until_completed_in_any_case(string completed)
    {
        var cloudFront = new ScriptedCloudFront(0, "InProgress", "InProgress", completed);
        var invalidation = await new CdnInvalidator(cloudFront, NoDelay).InvalidateAsync("D1", ["/a"], "v", new InvalidationOptions(Wait: TimeSpan.FromMinutes(1)));
        Assert.True(invalidation.IsCompleted);
        Assert.Equal(2, cloudFront.Polls);
    }

    [Fact]
    public async Task Does_not_poll_unless_asked_to_wait()
    {
        var cloudFront = new ScriptedCloudFront(0, "InProgress");
        var invalidation = await new CdnInvalidator(cloudFront, NoDelay).InvalidateAsync("D1", ["/a"], "v", new InvalidationOptions());
        Assert.False(invalidation.IsCompleted);
        Assert.Equal(0, cloudFront.Polls);
    }

    [Fact]
    public void Caller_reference_depends_on_release_and_path_set_not_order()
    {
        Assert.Equal(CdnInvalidator.CallerReference("v1", ["/a", "/b"]), CdnInvalidator.CallerReference("v1", ["/b", "/a"]));
        Assert.NotEqual(CdnInvalidator.CallerReference("v1", ["/a"]), CdnInvalidator.CallerReference("v2", ["/a"]));
        Assert.NotEqual(CdnInvalidator.CallerReference("v1", ["/a"]), CdnInvalidator.CallerReference("v1", ["/a", "/b"]));
    }

    [Fact]
    public void Parses_the_aws_invalidation_document()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
              <Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-01-02T03:04:05.000Z</CreateTime>
              <InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/</Path></Items></Paths>
              <CallerReference>v1-abc</CallerReference></InvalidationBatch>
            </Invalidation>
            """;
        var invalidation = CloudFrontClient.ParseInvalidation(xml);
        Assert.Equal("I2J0I21PCUYOIK", invalidation.Id);
        Assert.Equal(["/index.html", "/"], invalidation.InvalidationBatch.Paths.Items);
        Assert.Equal("v1-abc", invalidation.InvalidationBatch.CallerReference);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), invalidation.CreateTime);
        Assert.False(invalidation.IsCompleted);
    }
}
