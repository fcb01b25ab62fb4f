using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.S3.Model;
using Deploy.Build.Steps.Images;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// What a local deploy left behind, read straight from the stand-ins (not through any proxy), as sorted lines with
/// the deployment's own names (project, registry address, ports) replaced, so two deployments compare line by line:
/// registry repositories, tags, digests and blob completeness; S3 objects with content hashes and headers; task
/// definition revisions per family and the services' definitions; the migration table.
/// </summary>
public sealed record DeploySnapshot(IReadOnlyList<string> Lines)
{
    public static async Task<DeploySnapshot> TakeAsync(LocalDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var lines = new List<string>();
        await RegistryAsync(deployment, lines);
        await S3Async(deployment, lines);
        await TaskDefinitionsAsync(deployment, lines);
        await MigrationsAsync(deployment, lines);
        var normalised = lines
            .Select(l => l.Replace(deployment.RegistryEndpoint, "{registry}", StringComparison.Ordinal)
                .Replace($"127.0.0.1:{deployment.RegistryPort}", "{registry}", StringComparison.Ordinal)
                .Replace($":{deployment.PostgresPort}", ":{postgres}", StringComparison.Ordinal)
                .Replace(deployment.Project, "{project}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new DeploySnapshot(normalised);
    }

    public override string ToString() => string.Join(Environment.NewLine, Lines);

    private static async Task RegistryAsync(LocalDeployment deployment, List<string> lines)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{deployment.RegistryPort}/") };
        var catalog = JsonDocument.Parse(await http.GetStringAsync(new Uri("v2/_catalog", UriKind.Relative))).RootElement;
        foreach (var repository in catalog.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!))
        {
            var tags = JsonDocument.Parse(await http.GetStringAsync(new Uri($"v2/{repository}/tags/list", UriKind.Relative))).RootElement.GetProperty("tags");
            foreach (var tag in tags.EnumerateArray().Select(t => t.GetString()!))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{tag}");
                foreach (var type in ImageManifest.AcceptedMediaTypes)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
                }

                using var response = await http.SendAsync(request);
                var digest = response.Headers.GetValues("Docker-Content-Digest").Single();
                var manifest = new ImageManifest(response.Content.Headers.ContentType!.MediaType!, await response.Content.ReadAsStringAsync());
                var (blobs, _) = manifest.References();
                var missing = 0;
                foreach (var blob in blobs)
                {
                    using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{blob}"));
                    missing += head.IsSuccessStatusCode ? 0 : 1;
                }

                lines.Add($"registry {repository}:{tag} {digest} blobs={blobs.Count} missing={missing}");
            }
        }
    }

    private static async Task S3Async(LocalDeployment deployment, List<string> lines)
    {
        using var s3 = deployment.DirectS3();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = deployment.Bucket });
        foreach (var item in listed.S3Objects ?? [])
        {
            if (item.Key.StartsWith(Deploy.Build.Steps.StaticSite.SiteKeys.ReleasesFolder, StringComparison.Ordinal))
            {
                // A release manifest records when it was written: its presence is compared, not its bytes.
                lines.Add("s3 release-manifest");
                continue;
            }

            var head = await s3.GetObjectMetadataAsync(deployment.Bucket, item.Key);
            lines.Add($"s3 {item.Key} {item.ETag} {head.Headers.ContentType} {head.Headers.CacheControl}");
        }
    }

    private static async Task TaskDefinitionsAsync(LocalDeployment deployment, List<string> lines)
    {
        var arns = (await deployment.AwsAsync("ecs", "list-task-definitions")).GetProperty("taskDefinitionArns").EnumerateArray().Select(a => a.GetString()!).ToList();
        foreach (var family in arns.GroupBy(a => a.Split('/')[^1].Split(':')[0]))
        {
            lines.Add($"ecs family {family.Key} revisions={family.Count()}");
        }

        var cluster = $"{deployment.Project}-local-cluster";
        foreach (var name in new[] { "api", "web" })
        {
            var service = (await deployment.AwsAsync("ecs", "describe-services", "--cluster", cluster, "--services", $"{deployment.Project}-local-{name}"))
                .GetProperty("services")[0];
            var definition = (await deployment.AwsAsync("ecs", "describe-task-definition", "--task-definition", service.GetProperty("taskDefinition").GetString()!))
                .GetProperty("taskDefinition");
            lines.Add($"ecs service {name} desired={service.GetProperty("desiredCount").GetInt32()} revision={definition.GetProperty("revision").GetInt32()}");
            lines.Add($"ecs service {name} containers={Canonical(System.Text.Json.Nodes.JsonNode.Parse(definition.GetProperty("containerDefinitions").GetRawText()))?.ToJsonString()}");
        }
    }

    /// <summary>The same JSON with object keys sorted (ECS gives maps such as log options back in no fixed order).</summary>
    private static System.Text.Json.Nodes.JsonNode? Canonical(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static async Task MigrationsAsync(LocalDeployment deployment, List<string> lines)
    {
        await using var connection = await deployment.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("select version, checksum from schema_migrations order by version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add($"migration {reader.GetValue(0)} {reader.GetValue(1)}");
        }
    }
}
