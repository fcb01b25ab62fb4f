using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.ExampleApp;

/// <summary>
/// The example application builds here with no image pulls and behaves as the deploy expects:
/// /health, a real migration (applied once, refused when broken), the hashed static build, and a web image whose Node
/// server renders the page for the release. Runs the app's own smoke script against real Docker and PostgreSQL, the
/// web server's unit tests, and the web image on its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExampleAppTests
{
    private const string Web = "examples/webapp/web";

    [SkippableFact]
    public async Task Builds_runs_migrates_and_serves_with_no_image_pulls()
    {
        Requirements.Tool("docker");
        Requirements.Tool("initdb");
        Requirements.Tool("node");
        Requirements.Tool("curl");
        var info = await Run.ProcessAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Skip.If(info.ExitCode != 0 && !Requirements.InCi, "the Docker engine is not running");
        Assert.True(info.ExitCode == 0, "the Docker engine is not running: " + info.Output);

        var env = new Dictionary<string, string?>
        {
            ["SMOKE_PG_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["SMOKE_API_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["SMOKE_WEB_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
        };
        var result = await Run.ProcessAsync(
            "bash", [Repo.PathOf("examples/webapp/smoke-test.sh")], Repo.PathOf("examples/webapp"), env, TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(result.StdOut.Split('\n'), line => line.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Contains("smoke test: all checks passed", result.StdOut, StringComparison.Ordinal);
    }

    /// <summary>server.mjs's own tests (node --test): rendering, /health, routing and headers, without Docker.</summary>
    [SkippableFact]
    public async Task Web_server_unit_tests_pass()
    {
        var node = Requirements.Tool("node");

        var result = await Run.ProcessAsync(node, ["--test", "server.test.mjs"], Repo.PathOf(Web), timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("# fail 0", result.StdOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// The web image as the deploy runs it, on the local base (node from the host): /health with the release, the page
    /// rendered on the server (the release and the manifest's hashed asset names are in the HTML before any JavaScript
    /// runs, Cache-Control: no-cache), the other files of dist with their cache rules, 404 for anything else, 405 for
    /// other methods, FAIL_HEALTH, and a quick stop on SIGTERM. Built from a copy of the web folder with its own dist,
    /// so the shared examples/webapp/web/dist is left alone.
    /// </summary>
    [SkippableFact]
    public async Task Web_image_renders_the_release_on_the_server()
    {
        Requirements.Tool("docker");
        var node = Requirements.Tool("node");
        var info = await Run.ProcessAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Skip.If(info.ExitCode != 0 && !Requirements.InCi, "the Docker engine is not running");
        Assert.True(info.ExitCode == 0, "the Docker engine is not running: " + info.Output);

        var baseImage = await Run.ProcessAsync("bash", [Repo.PathOf("examples/webapp/base-image/build-local-base.sh")], timeout: TimeSpan.FromMinutes(5));
        Assert.True(baseImage.ExitCode == 0, baseImage.Output);
        using var context = new TempDir();
        foreach (var file in new[] { "Dockerfile", ".dockerignore", "server.mjs" })
        {
            File.Copy(Repo.PathOf($"{Web}/{file}"), Path.Combine(context.Path, file));
        }

        var dist = Path.Combine(context.Path, "dist");
        var build = await Run.ProcessAsync(node, [Repo.PathOf($"{Web}/build.mjs"), "--out", dist]);
        Assert.True(build.ExitCode == 0, build.Output);
        var image = $"deploy-example-web:test-{Guid.NewGuid():N}"[..40];
        var built = await Run.ProcessAsync("docker", ["build", "--network", "host", "--build-arg", $"BASE_IMAGE={baseImage.StdOutLines[^1].Trim()}", "-t", image, context.Path]);
        Assert.True(built.ExitCode == 0, built.Output);

        var containers = new List<string>();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
            var version = $"rel-{Guid.NewGuid():N}"[..16];
            var (container, web) = await StartWebAsync(http, image, containers, version);

            // /health: exactly what the busybox handler answered
            using (var health = await http.GetAsync(new Uri(web, "health")))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
                Assert.Equal($"{{\"status\":\"ok\",\"service\":\"web\",\"version\":\"{version}\"}}", await health.Content.ReadAsStringAsync());
            }

            // the page, as it arrives: nothing has run in a browser yet
            var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(dist, "asset-manifest.json")))!;
            Assert.NotEmpty(manifest);
            string page;
            using (var response = await http.GetAsync(web))
            {
                page = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
                Assert.Contains($"<td id=\"web-status\" class=\"ok\">ok, version {version}</td>", page, StringComparison.Ordinal);
                foreach (var asset in manifest.Values)
                {
                    Assert.Contains($"\"{asset}\"", page, StringComparison.Ordinal);
                }
            }

            Assert.Equal(page, await http.GetStringAsync(new Uri(web, "index.html")));

            // the rest of dist: CloudFront sends /assets/* to the bucket, but everything else (logo, robots.txt) here
            var script = manifest.Values.First(a => a.EndsWith(".js", StringComparison.Ordinal));
            foreach (var (path, type, cache) in new[]
            {
                (script, "text/javascript", "public, max-age=31536000, immutable"),
                ("logo.svg", "image/svg+xml", "public, max-age=300"),
                ("robots.txt", "text/plain", "public, max-age=300"),
            })
            {
                using var response = await http.GetAsync(new Uri(web, path));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(cache, response.Headers.CacheControl?.ToString());
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dist, path)), await response.Content.ReadAsByteArrayAsync());
            }

            // anything else is 404, never the page; the web server does not answer /api (the edge routes it to the API)
            foreach (var path in new[] { $"missing-{Guid.NewGuid():N}", "nope.js", "assets/", "api/health", "index.htm" })
            {
                using var response = await http.GetAsync(new Uri(web, path));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
                Assert.DoesNotContain("web-status", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, web)))
            {
                Assert.Equal(HttpStatusCode.OK, head.StatusCode);
                Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(page), head.Content.Headers.ContentLength);
                Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            }

            using (var post = await http.PostAsync(web, new StringContent("x")))
            {
                Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            }

            // a broken release: /health fails and the page says so
            var (_, failing) = await StartWebAsync(http, image, containers, version, failHealth: true);
            using (var health = await http.GetAsync(new Uri(failing, "health")))
            {
                Assert.Equal(HttpStatusCode.InternalServerError, health.StatusCode);
                Assert.Equal($"{{\"status\":\"failing\",\"service\":\"web\",\"version\":\"{version}\"}}", await health.Content.ReadAsStringAsync());
            }

            Assert.Contains("<td id=\"web-status\" class=\"bad\">HTTP 500</td>", await http.GetStringAsync(failing), StringComparison.Ordinal);

            // SIGTERM: the server (PID 1) closes its keep-alive connections and exits at once
            var clock = Stopwatch.StartNew();
            var stop = await Run.ProcessAsync("docker", ["stop", container]);
            Assert.True(stop.ExitCode == 0, stop.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"docker stop took {clock.Elapsed}");
            var logs = await Run.ProcessAsync("docker", ["logs", container]);
            Assert.Contains("web: stopped", logs.Output, StringComparison.Ordinal);
            Assert.Contains(" web GET / 200", logs.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var container in containers)
            {
                await Run.ProcessAsync("docker", ["rm", "-f", container]);
            }

            await Run.ProcessAsync("docker", ["image", "rm", "--force", image]);
        }
    }

    /// <summary>Runs the web image on a free loopback port and waits until /health answers (any status).</summary>
    private static async Task<(string Container, Uri Url)> StartWebAsync(HttpClient http, string image, List<string> containers, string version, bool failHealth = false)
    {
        var port = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture);
        string[] args = ["run", "-d", "--network", "host", "-e", "HOST=127.0.0.1", "-e", $"PORT={port}", "-e", $"APP_VERSION={version}"];
        var run = await Run.ProcessAsync("docker", [.. args, .. failHealth ? new[] { "-e", "FAIL_HEALTH=1" } : [], image]);
        Assert.True(run.ExitCode == 0, run.Output);
        var container = run.StdOutLines[^1].Trim();
        containers.Add(container);
        var url = new Uri($"http://127.0.0.1:{port}/");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var health = await http.GetAsync(new Uri(url, "health"));
                return (container, url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
