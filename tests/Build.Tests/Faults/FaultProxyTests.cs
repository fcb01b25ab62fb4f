using Amazon.S3.Model;
using Deploy.Build.Aws;
using Deploy.Build.Aws.S3;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Faults;

/// <summary>The pipeline's AWS clients keep their promises through a proxy that fails requests on purpose.</summary>
[Trait("Category", "Integration")]
public sealed class FaultProxyTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private sealed record CreateRepositoryRequest(string RepositoryName);

    private sealed record DescribeRepositoriesRequest(string[]? RepositoryNames);

    private sealed record Repository(string RepositoryName);

    private sealed record DescribeRepositoriesResponse(Repository[] Repositories);

    [SkippableFact]
    public async Task Json_calls_succeed_through_30_percent_faults_with_counted_retries()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.Failing(0.3, seed: 7));
        var retries = 0;
        using var ecr = new AwsJsonClient(AwsSettings.ForLocal("ap-northeast-1", proxy.Endpoint), "ecr", "api.ecr",
            "AmazonEC2ContainerRegistry_V20150921", new AwsRetry.Options(MaxAttempts: 10, BaseDelay: TimeSpan.FromMilliseconds(5)), _ => Interlocked.Increment(ref retries));
        await ecr.CallAsync<CreateRepositoryRequest, object>("CreateRepository", new("faulty-repo"));

        for (var i = 0; i < 40; i++)
        {
            var listed = await ecr.CallAsync<DescribeRepositoriesRequest, DescribeRepositoriesResponse>("DescribeRepositories", new(["faulty-repo"]));
            Assert.Equal("faulty-repo", Assert.Single(listed.Repositories).RepositoryName);
        }

        Assert.True(proxy.Faults > 0, "the proxy injected no fault");
        Assert.Equal(proxy.Faults, retries);
        Assert.Equal(proxy.Requests, 41 + retries);
    }

    [SkippableFact]
    public async Task S3_uploads_through_10_percent_faults_land_exactly_once_with_the_right_content()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.Failing(0.1, seed: 3));
        using var s3 = S3ClientFactory.Create(AwsSettings.ForLocal("ap-northeast-1", proxy.Endpoint));
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "faulty-bucket", BucketRegionName = "ap-northeast-1" });

        for (var i = 0; i < 30; i++)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "faulty-bucket", Key = $"f{i}.txt", ContentBody = $"content {i}" });
        }

        using var direct = S3ClientFactory.Create(AwsSettings.ForLocal("ap-northeast-1", new Uri(moto.Endpoint)));
        var listed = await direct.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "faulty-bucket" });
        Assert.Equal(30, listed.S3Objects.Count);
        using var one = await direct.GetObjectAsync("faulty-bucket", "f17.txt");
        Assert.Equal("content 17", await new StreamReader(one.ResponseStream).ReadToEndAsync());
        Assert.True(proxy.Faults > 0, "the proxy injected no fault");
    }

    [SkippableFact]
    public async Task The_same_seed_injects_the_same_faults_in_a_sequential_run()
    {
        async Task<string> RunOnce()
        {
            await using var proxy = await FaultProxy.StartAsync(new Uri(moto.Endpoint), FaultPlan.Failing(0.3, seed: 11));
            using var http = new HttpClient { BaseAddress = proxy.Endpoint };
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    using var _ = await http.GetAsync(new Uri("/moto-api/", UriKind.Relative));
                }
                catch (HttpRequestException)
                {
                    // a dropped connection: counted by the proxy
                }
            }

            return string.Join(',', proxy.Log.Select(l => l.Fault));
        }

        Assert.Equal(await RunOnce(), await RunOnce());
    }

    [Fact]
    public void Reads_and_writes_are_told_apart()
    {
        Assert.False(new ProxiedRequest("POST", "/", "DescribeServices", "json").IsMutating);
        Assert.False(new ProxiedRequest("POST", "/", "BatchGetImage", "json").IsMutating);
        Assert.True(new ProxiedRequest("POST", "/", "PutImage", "json").IsMutating);
        Assert.True(new ProxiedRequest("PUT", "/bucket/key", null, "rest").IsMutating);
        Assert.False(new ProxiedRequest("GET", "/bucket?list-type=2", null, "rest").IsMutating);
        Assert.False(new ProxiedRequest("HEAD", "/v2/api/manifests/abc", null, "registry").IsMutating);

        // The query protocol (EC2, IAM, RDS, ELB, STS) names the operation in the form body.
        var form = "application/x-www-form-urlencoded; charset=utf-8";
        Assert.False(ProxiedRequest.From("POST", "/", null, form, "Action=DescribeVpcs&Version=2016-11-15"u8).IsMutating);
        Assert.False(ProxiedRequest.From("POST", "/", null, form, "Action=GetCallerIdentity&Version=2011-06-15"u8).IsMutating);
        Assert.True(ProxiedRequest.From("POST", "/", null, form, "Action=CreateVpc&CidrBlock=10.0.0.0%2F16"u8).IsMutating);
        Assert.Equal("UpdateService", ProxiedRequest.From("POST", "/", "AmazonEC2ContainerServiceV20141113.UpdateService", "application/x-amz-json-1.1", []).Operation);
    }
}
