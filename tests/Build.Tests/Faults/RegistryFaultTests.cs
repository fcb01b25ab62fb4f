using System.Text;
using Deploy.Build.Aws;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Images;

namespace Deploy.Build.Tests.Faults;

/// <summary>The pipeline's registry client through a proxy failing every other request: answers are retried, never mistaken for "no such tag".</summary>
[Trait("Category", "Integration")]
public sealed class RegistryFaultTests(LocalRegistry registry) : IClassFixture<LocalRegistry>
{
    [SkippableFact]
    public async Task Throttled_and_failed_registry_reads_are_retried_not_taken_for_a_missing_tag()
    {
        const string manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""";
        using var direct = registry.Client();
        await PutEmptyBlobAsync();
        var digest = await direct.PutManifestAsync("faulty/app", "v1", new ImageManifest("application/vnd.oci.image.manifest.v1+json", manifest));
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://{registry.Address}"), FaultPlan.Failing(0.5, seed: 5));
        using var client = new DistributionRegistry($"127.0.0.1:{proxy.Port}", new RegistryLogin($"127.0.0.1:{proxy.Port}", LocalRegistry.Username, registry.Password),
            new AwsRetry.Options(MaxAttempts: 12, BaseDelay: TimeSpan.FromMilliseconds(5)));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(digest, await client.FindDigestAsync("faulty/app", "v1"));
            Assert.NotNull(await client.GetManifestAsync("faulty/app", "v1"));
        }

        Assert.Null(await client.FindDigestAsync("faulty/app", "missing"));
        Assert.True(proxy.Faults > 10, $"only {proxy.Faults} faults injected");
    }

    /// <summary>The OCI empty config blob ("{}"), so the manifest above is complete.</summary>
    private async Task PutEmptyBlobAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry.Address}/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRegistry.Username}:{registry.Password}")));
        using var start = await http.PostAsync(new Uri("v2/faulty/app/blobs/uploads/", UriKind.Relative), null);
        var location = start.Headers.Location!;
        var upload = new Uri(location.IsAbsoluteUri ? location.ToString() : new Uri(http.BaseAddress!, location).ToString());
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var put = await http.PutAsync(new Uri(upload + separator + "digest=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), new ByteArrayContent("{}"u8.ToArray()));
        put.EnsureSuccessStatusCode();
    }
}
