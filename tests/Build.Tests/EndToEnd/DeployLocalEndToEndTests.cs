using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Build.LocalCloud;
using Deploy.Build.Steps.Smoke;
using Deploy.Build.Tests.Support;
using Npgsql;

namespace Deploy.Build.Tests.EndToEnd;

/// <summary>
/// The product's main job, for real: DeployLocal from a clean local cloud, checked through the stand-ins'
/// own APIs (registry HTTP API, moto through the AWS CLI, PostgreSQL, Docker), then a second run that changes
/// nothing, then LocalDown leaving no process behind. Runs under its own project name, ports and state folder.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EndToEndGroup.Name)]
public sealed class DeployLocalEndToEndTests : IAsyncLifetime
{
    private LocalDeployment? _deployment;

    private LocalDeployment Deployment => _deployment!;

    private string ProjectName => Deployment.Project;

    private int MotoPort => Deployment.MotoPort;

    private int RegistryPort => Deployment.RegistryPort;

    private int PostgresPort => Deployment.PostgresPort;

    private string ConfigPath => Deployment.ConfigPath;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    private Dictionary<string, string?> Env() => Deployment.Environment();

    private Task<JsonElement> AwsAsync(params string[] args) => Deployment.AwsAsync(args);

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Deploys_everything_then_a_second_run_is_a_no_op_then_LocalDown_leaves_nothing()
    {
        _deployment = LocalDeployment.Create("e2e");
        try
        {
            var first = await Deployment.RunAsync("DeployLocal");
            Assert.True(first.ExitCode == 0, Tail(first.Output));
            await AssertDeployedAsync();
            foreach (var secret in new[] { "postgres-app", "postgres-superuser" })
            {
                var value = (await File.ReadAllTextAsync(Path.Combine(Deployment.StatePath, "secrets", secret))).Trim();
                Assert.DoesNotContain(value, first.Output, StringComparison.Ordinal);
            }

            Assert.Matches(@"SmokeTest\s+ok\s+[\d.]+ s\s+.*checks passed through \S+ with the x-smoke-test-token header the web ACL allows from 127\.0\.0\.2", RunSummaryText.Of(first.StdOut));
            var smokeToken = (await AwsAsync("ssm", "get-parameter", "--name", $"/{ProjectName}/local/smoke-test-token", "--with-decryption"))
                .GetProperty("Parameter").GetProperty("Value").GetString()!;
            Assert.DoesNotContain(smokeToken, first.Output, StringComparison.Ordinal);
            await AssertEnvFilesAsync();

            var second = await Deployment.RunAsync("DeployLocal");
            Assert.True(second.ExitCode == 0, Tail(second.Output));
            var summary = RunSummaryText.Of(second.StdOut);
            Assert.Contains("skipped api, exists", summary, StringComparison.Ordinal);
            Assert.Contains("skipped web, exists", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("pushed ", summary, StringComparison.Ordinal);
            Assert.Matches(@"TerragruntApply\s+ok\s+[\d.]+ s\s+\[as [^\]]+-github-infra[^\]]*\] no changes", summary);
            Assert.Contains("web: unchanged (same image)", summary, StringComparison.Ordinal);
            Assert.Contains("api: unchanged (same image)", summary, StringComparison.Ordinal);
            // The same image, command, revision and infrastructure migrated in the first run: no migration task now.
            Assert.Matches(@"MigrateDb\s+ok\s+[\d.]+ s\s+(\[as [^\]]+\] )?migrations already applied: \[", summary);
            Assert.Contains("web: 0 uploaded", summary, StringComparison.Ordinal);
            Assert.Matches(@"InvalidateCdn\s+ok\s+[\d.]+ s\s+(\[as [^\]]+\] )?no changes", summary);
            // Every phase as its role (IAM enforced): the roles were made once and not planned again.
            Assert.Contains("roles up to date (IaC and inputs unchanged", summary, StringComparison.Ordinal);
            Assert.Matches($@"DeployLock\s+ok\s+[\d.]+ s\s+\[as {ProjectName}-local-github-deploy\]", summary);
            Assert.Matches($@"DeployServices\s+ok\s+[\d.]+ s\s+\[as {ProjectName}-local-github-deploy\]", summary);
            Assert.Matches($@"SyncStatic\s+ok\s+[\d.]+ s\s+\[as {ProjectName}-local-github-deploy\]", summary);
            Assert.Equal(2, await AppliedMigrationsAsync());
            Assert.Equal(1, await InvalidationCountAsync());
        }
        finally
        {
            var down = await Deployment.RunAsync("LocalDown", timeout: TimeSpan.FromMinutes(3));
            Assert.True(down.ExitCode == 0, Tail(down.Output));
        }

        await AssertNothingLeftAsync();
    }

    private async Task AssertDeployedAsync()
    {
        var version = (await Run.ProcessAsync("git", ["rev-parse", "--short=12", "HEAD"])).StdOut.Trim();
        using var http = new HttpClient();
        foreach (var image in new[] { "api", "web" })
        {
            // The registry holds the image; the task definition in moto references exactly that digest.
            var repository = $"{ProjectName}-local-{image}";
            var family = (await AwsAsync("ecs", "describe-services", "--cluster", $"{ProjectName}-local-cluster", "--services", $"{ProjectName}-local-{image}"))
                .GetProperty("services")[0].GetProperty("taskDefinition").GetString()!;
            var definition = (await AwsAsync("ecs", "describe-task-definition", "--task-definition", family)).GetProperty("taskDefinition");
            var reference = definition.GetProperty("containerDefinitions")[0].GetProperty("image").GetString()!;
            Assert.Contains($"127.0.0.1:{RegistryPort}/{repository}@sha256:", reference, StringComparison.Ordinal);
            var digest = reference[(reference.IndexOf('@', StringComparison.Ordinal) + 1)..];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{RegistryPort}/v2/{repository}/manifests/{digest}");
            request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            using var manifest = await http.SendAsync(request);
            Assert.True(manifest.IsSuccessStatusCode, $"{repository}@{digest}: {(int)manifest.StatusCode}");
            // Tagged by its identity (the hash of its inputs) and by the release.
            var tags = (await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{RegistryPort}/v2/{repository}/tags/list")).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.Contains(tags, t => t.StartsWith(version, StringComparison.Ordinal));
            Assert.Contains(tags, t => t.StartsWith("id-", StringComparison.Ordinal));
        }

        Assert.Equal(2, await AppliedMigrationsAsync());

        // Every static file is in S3 with its content type and cache rule.
        var bucket = $"{ProjectName}-local-assets";
        var dist = Repo.PathOf("examples/webapp/web/dist");
        foreach (var file in Directory.GetFiles(dist, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(dist, file).Replace('\\', '/');
            var head = await AwsAsync("s3api", "head-object", "--bucket", bucket, "--key", key);
            var (type, cache) = Path.GetExtension(key) switch
            {
                ".html" => ("text/html; charset=utf-8", "no-cache"),
                ".js" => ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
                ".css" => ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
                ".svg" => ("image/svg+xml; charset=utf-8", key.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "public, max-age=300"),
                ".txt" => ("text/plain; charset=utf-8", "public, max-age=300"),
                _ => (null, null),
            };
            if (type is not null)
            {
                Assert.Equal(type, head.GetProperty("ContentType").GetString());
                Assert.Equal(cache, head.GetProperty("CacheControl").GetString());
            }
        }

        Assert.Equal(1, await InvalidationCountAsync());

        // The running containers answer.
        var services = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Deployment.StatePath, "services.json"))).RootElement;
        foreach (var service in new[] { "api", "web" })
        {
            var url = services.GetProperty(service).GetProperty("url").GetString()!;
            using var health = await http.GetAsync(new Uri(url + "/health"));
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        }

        await AssertThroughTheEdgeAsync(http, version, dist);
    }

    /// <summary>
    /// The app as its users reach it: one URL (CloudFront's stand-in) routes pages to the web service, /api/* to the API and
    /// /assets/* to the bucket, as the distribution and listener rules in moto say; the ALB refuses requests that skip
    /// CloudFront; and a real browser renders the page with the API's and the database's answers and the notes the API keeps.
    /// </summary>
    private async Task AssertThroughTheEdgeAsync(HttpClient http, string version, string dist)
    {
        var edge = Deployment.EdgeUrl;
        foreach (var (path, service) in new[] { ("api/health", "api"), ("health", "web") })
        {
            using var health = await http.GetAsync(new Uri(edge, path));
            var body = await health.Content.ReadAsStringAsync();
            Assert.True(health.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)health.StatusCode} {body}");
            Assert.Contains($"\"service\":\"{service}\"", body, StringComparison.Ordinal);
            Assert.Contains($"\"version\":\"{version}", body, StringComparison.Ordinal);
        }

        // The page is rendered by the web service (Node) before any script runs: it already names the release.
        using (var page = await http.GetAsync(edge))
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
            Assert.Contains($"id=\"web-status\" class=\"ok\">ok, version {version}", html, StringComparison.Ordinal);
        }

        using (var missing = await http.GetAsync(new Uri(edge, $"api/e2e-missing-{Guid.NewGuid():N}")))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }

        var asset = Directory.GetFiles(Path.Combine(dist, "assets"), "*.js").First();
        using (var script = await http.GetAsync(new Uri(edge, "assets/" + Path.GetFileName(asset))))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
            Assert.Equal(await File.ReadAllBytesAsync(asset), await script.Content.ReadAsByteArrayAsync());
        }

        using (var direct = await http.GetAsync(new Uri($"http://127.0.0.1:{Deployment.AlbPort}/api/health")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, direct.StatusCode);
        }

        await AssertWebAclAsync(edge);

        // The API's data path through the edge: a note created with POST is what the page lists.
        var note = $"e2e note {Guid.NewGuid():N}";
        using (var created = await http.PostAsJsonAsync(new Uri(edge, "api/notes"), new { body = note }))
        {
            Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var dom = await HeadlessBrowser.DumpDomAsync(edge);
        Assert.Contains($"<li>{note}</li>", dom, StringComparison.Ordinal);
        Assert.Matches("id=\"notes-status\" class=\"ok\">\\d+ notes?<", dom);
        Assert.Contains($"id=\"web-status\" class=\"ok\">ok, version {version}", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"api-status\" class=\"ok\">ok, version {version}", dom, StringComparison.Ordinal);
        Assert.Matches("id=\"db-status\" class=\"ok\">ok, migrations: [^<]*0002", dom);
        // What the user saw, kept with the test results.
        await HeadlessBrowser.ScreenshotAsync(edge, Path.Combine(Repo.PathOf(Deploy.Build.Utilities.Paths.TestResultsDir), "deployed-app.png"));
    }

    /// <summary>
    /// The web ACL as staging's (its allow list is the local root's 127.0.0.1/32): from 127.0.0.2, outside it as a CI runner
    /// is outside staging's, a request is refused with CloudFront's 403; with the smoke test's secret header (the SSM
    /// SecureString the web ACL's first rule matches) it passes, with a wrong value it does not.
    /// </summary>
    private async Task AssertWebAclAsync(Uri edge)
    {
        var token = (await AwsAsync("ssm", "get-parameter", "--name", $"/{ProjectName}/local/smoke-test-token", "--with-decryption"))
            .GetProperty("Parameter").GetProperty("Value").GetString()!;
        var runner = new SmokeAccess(new Dictionary<string, string>(), IPAddress.Parse(LocalCloudSettings.SmokeTestSourceAddress));
        using var http = new HttpClient(runner.Handler());
        foreach (var (value, expected) in new[] { ((string?)null, HttpStatusCode.Forbidden), ("wrong" + token, HttpStatusCode.Forbidden), (token, HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, "api/health"));
            if (value is not null)
            {
                request.Headers.Add("x-smoke-test-token", value);
            }

            using var answer = await http.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == expected, $"from {LocalCloudSettings.SmokeTestSourceAddress}, token {(value is null ? "none" : value == token ? "right" : "wrong")}: {(int)answer.StatusCode} {body}");
            if (expected == HttpStatusCode.Forbidden)
            {
                Assert.Contains("Request blocked by the web ACL", body, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>EnvFiles on the deployed local cloud: both .env files from the outputs and SSM, mode 600.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private async Task AssertEnvFilesAsync()
    {
        var api = Repo.PathOf("examples/webapp/api/.env");
        var web = Repo.PathOf("examples/webapp/web/.env");
        File.Delete(api);
        File.Delete(web);

        var run = await Run.PipelineAsync(["--target=EnvFiles", $"--config={ConfigPath}"], Env());

        Assert.True(run.ExitCode == 0, Tail(run.Output));
        var apiText = await File.ReadAllTextAsync(api);
        Assert.Contains($"DATABASE_URL=postgres://app:", apiText, StringComparison.Ordinal);
        Assert.Contains($"@127.0.0.1:{PostgresPort}/app", apiText, StringComparison.Ordinal);
        Assert.Contains("PORT=3001", apiText, StringComparison.Ordinal);
        Assert.Contains("VITE_API_URL=https://", await File.ReadAllTextAsync(web), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(api));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(web));
        var password = (await File.ReadAllTextAsync(Path.Combine(Deployment.StatePath, "secrets", "postgres-app"))).Trim();
        Assert.DoesNotContain(password, run.Output, StringComparison.Ordinal);
        File.Delete(api);
        File.Delete(web);
    }

    private async Task<string> DistributionIdAsync()
    {
        var list = await AwsAsync("cloudfront", "list-distributions");
        return list.GetProperty("DistributionList").GetProperty("Items")[0].GetProperty("Id").GetString()!;
    }

    /// <summary>CloudFront's ListInvalidations, as the local account owner (the local cloud enforces IAM). Unpaginated: the
    /// CLI's paginated output drops Quantity and prints nothing for an empty list.</summary>
    private async Task<int> InvalidationCountAsync()
    {
        var list = await AwsAsync("cloudfront", "list-invalidations", "--no-paginate", "--distribution-id", await DistributionIdAsync());
        return list.GetProperty("InvalidationList").GetProperty("Quantity").GetInt32();
    }

    private async Task<int> AppliedMigrationsAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Deployment.StatePath, "secrets", "postgres-app"))).Trim();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresPort};Username=app;Password={password};Database=app");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from schema_migrations", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task AssertNothingLeftAsync()
    {
        foreach (var pidFile in Directory.GetFiles(Deployment.StatePath, "*.pid", SearchOption.AllDirectories))
        {
            Assert.Fail($"pid file left behind: {pidFile}");
        }

        foreach (var port in new[] { MotoPort, RegistryPort, PostgresPort })
        {
            using var client = new System.Net.Sockets.TcpClient();
            var open = await Task.Run(() =>
            {
                try
                {
                    client.Connect("127.0.0.1", port);
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            });
            Assert.False(open, $"port {port} still answers after LocalDown");
        }
    }

    private static string Tail(string text) => LocalDeployment.Tail(text);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
