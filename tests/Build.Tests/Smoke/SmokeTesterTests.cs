using Deploy.Build.Steps.Smoke;
using Deploy.Build.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Deploy.Build.Tests.Smoke;

/// <summary>The smoke test's checks: what a page references, and answers judged by status, content and referenced files.</summary>
public sealed class SmokeTesterTests
{
    private static readonly Uri Page = new("http://127.0.0.1:8080/");

    [Fact]
    public void A_page_references_its_same_site_files_once_each_and_nothing_else()
    {
        const string html = """
            <link rel="icon" href="logo.svg"><link rel="stylesheet" href='/assets/styles.1a2b3c4d.css'>
            <script src="assets/app.5e6f7a8b.js?x=1#top" defer></script><script src="assets/app.5e6f7a8b.js?x=1"></script>
            <a href="#main">skip</a><a href="mailto:ops@example.com">mail</a><a href="https://cdn.example.com/x.js">x</a>
            <img src="//other.example.com/p.png"><img src="http://127.0.0.1:9999/other-port.png"><a HREF = "docs/a&amp;b.html">docs</a>
            """;

        var assets = SmokeChecks.PageAssets(html, Page).Select(u => u.PathAndQuery).ToList();

        Assert.Equal(["/logo.svg", "/assets/styles.1a2b3c4d.css", "/assets/app.5e6f7a8b.js?x=1", "/docs/a&b.html"], assets);
    }

    [Fact]
    public void The_web_page_check_follows_its_files_and_the_unknown_api_path_must_be_404()
    {
        var config = Deploy.Build.Configuration.DeployConfigLoader.Load(Repo.PathOf("deploy.yml"), Repo.Root);
        var checks = SmokeChecks.For(config, Page, new Dictionary<string, string?> { ["api"] = "r1", ["web"] = "r1" }, missingPath: "nope");

        Assert.Contains(checks, c => c.Name == "web page" && c.PageAssets && c.MustContain == "<html");
        Assert.Contains(checks, c => c.Name == "api health" && c.MustContain == "\"version\":\"r1\"");
        Assert.Contains(checks, c => c.Url.AbsolutePath == "/api/nope" && c.Status == 404);
    }

    [SkippableFact]
    public async Task A_referenced_file_answering_503_is_asked_again_and_one_that_keeps_failing_fails_the_check()
    {
        var asked = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await using var server = await LoopbackHttpServer.StartAsync(http =>
        {
            var path = http.Request.Path.Value!;
            var count = asked.AddOrUpdate(path, 1, (_, n) => n + 1);
            http.Response.StatusCode = path switch
            {
                "/" or "/down" => 200,
                "/assets/flaky.1.js" => count == 1 ? 503 : 200,
                _ => 503,
            };
            return path switch
            {
                "/" => http.Response.WriteAsync("""<html><script src="assets/flaky.1.js"></script></html>"""),
                "/down" => http.Response.WriteAsync("""<html><script src="assets/down.1.js"></script></html>"""),
                _ => Task.CompletedTask,
            };
        });

        var flaky = await new SmokeTester().RunAsync([new SmokeCheck("web page", server.Endpoint, "<html", PageAssets: true)], TimeSpan.FromSeconds(2), _ => { });
        var down = await new SmokeTester().RunAsync([new SmokeCheck("web page", new Uri(server.Endpoint, "down"), "<html", PageAssets: true)], TimeSpan.FromSeconds(2), _ => { });

        Assert.Empty(flaky);
        Assert.Equal(2, asked["/assets/flaky.1.js"]);
        Assert.Equal([$"web page references {new Uri(server.Endpoint, "assets/down.1.js")} (503)"], down);
        Assert.Equal(SmokeTester.AssetAttempts, asked["/assets/down.1.js"]);
    }

    [SkippableFact]
    public async Task A_page_whose_files_are_missing_fails_naming_each_and_a_complete_page_passes()
    {
        await using var server = await LoopbackHttpServer.StartAsync(http =>
        {
            http.Response.StatusCode = http.Request.Path.Value switch
            {
                "/" or "/good" or "/assets/app.1.js" => 200,
                _ => 404,
            };
            return http.Request.Path.Value switch
            {
                "/" => http.Response.WriteAsync("""<html><script src="assets/app.1.js"></script><link href="assets/gone.2.css"></html>"""),
                "/good" => http.Response.WriteAsync("""<html><script src="assets/app.1.js"></script></html>"""),
                _ => Task.CompletedTask,
            };
        });
        var lines = new List<string>();

        var broken = await new SmokeTester().RunAsync([new SmokeCheck("web page", server.Endpoint, "<html", PageAssets: true)], TimeSpan.FromSeconds(2), lines.Add);
        var good = await new SmokeTester().RunAsync([new SmokeCheck("web page", new Uri(server.Endpoint, "good"), "<html", PageAssets: true)], TimeSpan.FromSeconds(2), lines.Add);

        Assert.Equal([$"web page references {new Uri(server.Endpoint, "assets/gone.2.css")} (404)"], broken);
        Assert.Empty(good);
        Assert.Contains("FAILED web page: 1 of the 2 files it references answer 200", lines);
        Assert.Contains("ok web page: 1 of the 1 files it references answer 200", lines);
    }

    [SkippableFact]
    public async Task Every_request_says_who_it_is_carries_the_bypass_header_and_leaves_from_the_given_address()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await LoopbackHttpServer.StartAsync(http =>
        {
            seen.Enqueue($"{http.Connection.RemoteIpAddress} {http.Request.Headers.UserAgent} {http.Request.Headers["x-smoke-test-token"]}");
            return http.Request.Path.Value == "/"
                ? http.Response.WriteAsync("""<html><script src="assets/app.1.js"></script></html>""")
                : http.Response.WriteAsync("ok");
        });
        var access = new SmokeAccess(new Dictionary<string, string> { ["x-smoke-test-token"] = "s3cret" }, System.Net.IPAddress.Parse("127.0.0.2"));

        var failures = await new SmokeTester(access: access).RunAsync([new SmokeCheck("web page", server.Endpoint, "<html", PageAssets: true)], TimeSpan.FromSeconds(2), _ => { });

        Assert.Empty(failures);
        Assert.Equal(["127.0.0.2 deploy-pipeline-smoke-test/1 s3cret", "127.0.0.2 deploy-pipeline-smoke-test/1 s3cret"], seen.ToArray());
    }
}
