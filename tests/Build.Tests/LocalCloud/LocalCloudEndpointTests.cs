using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tests.LocalCloud;

/// <summary>LOCAL_CLOUD_AWS_ENDPOINT / LOCAL_CLOUD_REGISTRY_ENDPOINT: something between the pipeline and the local cloud.</summary>
public sealed class LocalCloudEndpointTests
{
    private static readonly LocalCloudSettings Plain = new("/tmp/lc", 4566, 5050, 55432);

    [Fact]
    public void Without_overrides_the_pipeline_talks_to_the_services_themselves()
    {
        Assert.Equal(new Uri("http://127.0.0.1:4566"), Plain.AwsEndpoint);
        Assert.Equal("127.0.0.1:5050", Plain.RegistryEndpoint);
    }

    [Fact]
    public void Overrides_move_the_clients_but_not_the_services()
    {
        var proxied = Plain with
        {
            AwsEndpointOverride = LocalCloudSettings.EndpointUri("LOCAL_CLOUD_AWS_ENDPOINT", "http://127.0.0.1:9000"),
            RegistryEndpointOverride = LocalCloudSettings.HostAndPort("LOCAL_CLOUD_REGISTRY_ENDPOINT", "127.0.0.1:9001"),
        };

        Assert.Equal(new Uri("http://127.0.0.1:9000"), proxied.AwsEndpoint);
        Assert.Equal("127.0.0.1:9001", proxied.RegistryEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), proxied.MotoEndpoint);
        Assert.Equal("127.0.0.1:5050", proxied.RegistryAddress);
    }

    [Theory]
    [InlineData("127.0.0.1:9000")]
    [InlineData("ftp://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000/api")]
    public void A_bad_AWS_endpoint_is_one_line_naming_the_variable(string value)
    {
        var error = Assert.Throws<LocalCloudException>(() => LocalCloudSettings.EndpointUri("LOCAL_CLOUD_AWS_ENDPOINT", value));
        Assert.Equal($"LOCAL_CLOUD_AWS_ENDPOINT={value} is not an http(s) endpoint like http://127.0.0.1:4566", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:9001/v2")]
    public void A_bad_registry_endpoint_is_one_line_naming_the_variable(string value)
    {
        var error = Assert.Throws<LocalCloudException>(() => LocalCloudSettings.HostAndPort("LOCAL_CLOUD_REGISTRY_ENDPOINT", value));
        Assert.Equal($"LOCAL_CLOUD_REGISTRY_ENDPOINT={value} is not a host:port like 127.0.0.1:5050", error.Message);
    }

    [Fact]
    public void Unset_or_empty_means_no_override()
    {
        Assert.Null(LocalCloudSettings.EndpointUri("LOCAL_CLOUD_AWS_ENDPOINT", " "));
        Assert.Null(LocalCloudSettings.HostAndPort("LOCAL_CLOUD_REGISTRY_ENDPOINT", null));
    }
}
