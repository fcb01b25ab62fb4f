using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Deploy.Build.Aws.CloudFront;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Wafv2;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.LocalCloud.Edge;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Edge;

/// <summary>The edge's nginx configuration, rendered from a distribution and an ALB as moto describes them, and served by a real nginx.</summary>
public sealed class NginxEdgeConfigTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string AlbDns = "bm-local-alb-1234.ap-northeast-1.elb.amazonaws.com";
    private const string WebGroup = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/bm-local-web/1";
    private const string ApiGroup = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/bm-local-api/2";

    private static EdgeSite Site(int webPort, int apiPort, bool spa = false, IReadOnlyList<int>? apiPorts = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Origin-Verify"] = Secret };
        var origins = new List<DistributionOrigin>
        {
            new("s3-assets", "bm-local-assets.s3.ap-northeast-1.amazonaws.com", string.Empty, true, null, 80, 443, new Dictionary<string, string>()),
            new("alb", AlbDns, string.Empty, false, "http-only", 80, 443, headers),
        };
        var all = new[] { "GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE" };
        var distribution = new DistributionView("E2LOCAL", "arn:aws:cloudfront::123456789012:distribution/E2LOCAL", "d111.cloudfront.net", true,
            spa ? "index.html" : string.Empty, null, origins,
            spa ? new DistributionBehavior(null, "s3-assets", ["GET", "HEAD"]) : new DistributionBehavior(null, "alb", all),
            spa ? [new DistributionBehavior("/api/*", "alb", all)] : [new DistributionBehavior("/assets/*", "s3-assets", ["GET", "HEAD"]), new DistributionBehavior("/api/*", "alb", all)],
            spa ? [new DistributionErrorResponse(404, "/index.html", 200)] : []);
        RuleCondition Header() => new("http-header", [Secret], "X-Origin-Verify");
        var rules = new List<ListenerRule>
        {
            new("rule/web", "50000", [new RuleCondition("path-pattern", ["/*"]), Header()], [new ListenerAction("forward", WebGroup, null, null)], false),
            new("rule/api", "100", [new RuleCondition("path-pattern", ["/api/*"]), Header()], [new ListenerAction("forward", ApiGroup, null, null)], false),
            new("rule/default", "default", [], [], true),
        };
        var listener = new Listener("listener/80", 80, "HTTP",
            [new ListenerAction("fixed-response", null, new FixedResponse("403", "text/plain", "direct access to the load balancer is refused"), null)]);
        var targets = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal) { [WebGroup] = [webPort], [ApiGroup] = apiPorts ?? [apiPort] };
        return new EdgeSite(distribution, new AlbSite(new LoadBalancer("alb-arn", "bm-local-alb", AlbDns), listener, rules, targets));
    }

    [Theory]
    [InlineData("/api/*", "/api/notes", true)]
    [InlineData("/api/*", "/api", false)]
    [InlineData("api/*", "/api/x", true)]
    [InlineData("/assets/*.js", "/assets/app.1a2b.js", true)]
    [InlineData("/assets/*.js", "/assets/app.css", false)]
    [InlineData("/a?c", "/abc", true)]
    [InlineData("/API/*", "/api/x", false)]
    public void Cloudfront_path_patterns_match_as_cloudfront_does(string pattern, string path, bool matches) =>
        Assert.Equal(matches, System.Text.RegularExpressions.Regex.IsMatch(path, NginxEdgeConfig.PathRegex(pattern)));

    [Theory]
    [InlineData("bm-local-assets.s3.ap-northeast-1.amazonaws.com", "bm-local-assets")]
    [InlineData("my.bucket.s3.amazonaws.com", "my.bucket")]
    public void The_bucket_comes_from_the_s3_origin_domain(string domain, string bucket) => Assert.Equal(bucket, NginxEdgeConfig.BucketOf(domain));

    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 204, false)]
    [InlineData("200,302", 302, true)]
    [InlineData("200-299", 299, true)]
    [InlineData("200-299", 300, false)]
    public void Health_matchers_read_as_elb_does(string matcher, int status, bool accepted) => Assert.Equal(accepted, TargetHealthCheck.Matches(matcher, status));

    [Fact]
    public void Rules_are_rendered_by_priority_and_the_default_action_last()
    {
        var config = NginxEdgeConfig.Render(Site(1001, 1002), new EdgeListen(18080, 18081, new Uri("http://127.0.0.1:4566"), "/tmp/edge"));

        // The api rule (priority 100) is r0 though DescribeRules listed it second; the listener's 403 is the last action.
        Assert.Contains("# rule 100: path-pattern /api/* AND header X-Origin-Verify matches (1 value(s))", config, StringComparison.Ordinal);
        Assert.True(config.IndexOf("# rule 100", StringComparison.Ordinal) < config.IndexOf("# rule 50000", StringComparison.Ordinal));
        Assert.Contains("if ($alb_action = a2) { return 403 \"direct access to the load balancer is refused\"; }", config, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Origin-Verify \"" + Secret + "\";", config, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header x-local-cloud-cloudfront-source-arn \"arn:aws:cloudfront::123456789012:distribution/E2LOCAL\";", config, StringComparison.Ordinal);
        Assert.Equal(config, NginxEdgeConfig.Render(Site(1001, 1002), new EdgeListen(18080, 18081, new Uri("http://127.0.0.1:4566"), "/tmp/edge")));
    }

    [Fact]
    public void A_target_group_without_targets_answers_503_as_an_alb_does()
    {
        var config = NginxEdgeConfig.Render(Site(1001, 1002, apiPorts: []), new EdgeListen(18080, 18081, new Uri("http://127.0.0.1:4566"), "/tmp/edge"));

        Assert.Contains("if ($alb_action = a0) { return 503 \"503 Service Temporarily Unavailable: no healthy target\\n\"; }", config, StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Category", "Loopback")]
    public async Task Nginx_routes_like_cloudfront_and_the_alb_and_refuses_requests_without_the_origin_header()
    {
        var nginx = NginxBinary();
        await using var web = await LoopbackHttpServer.StartAsync(http => http.Response.WriteAsync("web " + http.Request.Headers["X-Origin-Verify"]));
        await using var api = await LoopbackHttpServer.StartAsync(http =>
        {
            http.Response.StatusCode = http.Request.Path == "/api/health" ? 200 : 404;
            return http.Response.WriteAsync("api " + http.Request.Path);
        });
        await using var s3 = await LoopbackHttpServer.StartAsync(http =>
            http.Response.WriteAsync($"s3 {http.Request.Path} {http.Request.Headers[NginxEdgeConfig.CloudFrontSourceHeader]} auth={http.Request.Headers.Authorization}"));
        using var dir = new TempDir();
        var listen = new EdgeListen(MotoServer.FreePort(), MotoServer.FreePort(), s3.Endpoint, dir.Path);
        await using var edge = await StartAsync(nginx, Site(web.Endpoint.Port, api.Endpoint.Port), listen);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen.EdgePort}") };
        using var alb = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen.AlbPort}") };

        // Through the edge: pages to the web service, /api/* to the api, /assets/* to the bucket (as CloudFront, unsigned).
        Assert.Equal("web " + Secret, await http.GetStringAsync("/notes/1"));
        Assert.Equal("api /api/health", await http.GetStringAsync("/api/health"));
        using (var missing = await http.GetAsync("/api/nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // the API's 404 reaches the client: no SPA fallback here
        }

        Assert.Equal("s3 /bm-local-assets/assets/app.1a2b.js arn:aws:cloudfront::123456789012:distribution/E2LOCAL auth=", await http.GetStringAsync("/assets/app.1a2b.js"));
        using (var post = await http.PostAsync("/assets/x", new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode); // the assets behaviour allows GET and HEAD only
        }

        // Straight to the ALB: refused without the header or with a wrong one, served with it.
        using (var direct = await alb.GetAsync("/api/health"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
            Assert.Equal("direct access to the load balancer is refused", await direct.Content.ReadAsStringAsync());
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Headers = { { "X-Origin-Verify", "guess" } } })
        using (var refused = await alb.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Headers = { { "X-Origin-Verify", Secret.ToUpperInvariant() } } };
        using var served = await alb.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode); // ALB header values match case-insensitively
        Assert.DoesNotContain(web.Requests, r => r.Contains("/api/", StringComparison.Ordinal));
    }

    [SkippableFact]
    [Trait("Category", "Loopback")]
    public async Task The_spa_shape_serves_index_html_for_what_the_bucket_does_not_have()
    {
        var nginx = NginxBinary();
        await using var s3 = await LoopbackHttpServer.StartAsync(http =>
        {
            http.Response.StatusCode = http.Request.Path == "/bm-local-assets/index.html" ? 200 : 403; // S3 without ListBucket: 403 for a missing key
            return http.Response.WriteAsync(http.Request.Path == "/bm-local-assets/index.html" ? "<html>index</html>" : "AccessDenied");
        });
        using var dir = new TempDir();
        var listen = new EdgeListen(MotoServer.FreePort(), MotoServer.FreePort(), s3.Endpoint, dir.Path);
        await using var edge = await StartAsync(nginx, Site(1, 2, spa: true), listen);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen.EdgePort}") };

        Assert.Equal("<html>index</html>", await http.GetStringAsync("/"));
        using var deep = await http.GetAsync("/some/route");
        Assert.Equal(HttpStatusCode.Forbidden, deep.StatusCode); // only 404 is mapped in this distribution: a 403 stays a 403
    }

    private const string OfficeSet = "arn:aws:wafv2:us-east-1:123456789012:global/ipset/bm-staging-allowed-ips/11111111-2222";

    /// <summary>
    /// Staging's web ACL with the smoke test's way through: block what comes neither from the allowed addresses nor with
    /// the smoke header, then the rate limit and a managed rule group (neither emulated), default allow.
    /// </summary>
    private static WafSite Waf(params string[] allowed)
    {
        static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
        var search = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("smoke-" + Secret));
        var rules = new List<WafRule>
        {
            new("block-not-allow-listed", 0, Parse($$$$$"""
                {"AndStatement":{"Statements":[
                  {"NotStatement":{"Statement":{"IPSetReferenceStatement":{"ARN":"{{{{{OfficeSet}}}}}"}}}},
                  {"NotStatement":{"Statement":{"ByteMatchStatement":{"SearchString":"{{{{{search}}}}}","FieldToMatch":{"SingleHeader":{"Name":"x-smoke-test"}},
                    "TextTransformations":[{"Priority":0,"Type":"NONE"}],"PositionalConstraint":"EXACTLY"}}}}]}}
                """), Parse("""{"Block":{}}""")),
            new("rate-limit", 1, Parse("""{"RateBasedStatement":{"Limit":100,"AggregateKeyType":"IP"}}"""), Parse("""{"Block":{}}""")),
            new("common", 2, Parse("""{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"AWSManagedRulesCommonRuleSet"}}"""), null, Parse("""{"None":{}}""")),
        };
        var acl = new WebAcl("bm-staging-waf", "acl-1", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/bm-staging-waf/acl-1", Parse("""{"Allow":{}}"""), rules);
        return new WafSite(acl, new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [OfficeSet] = allowed });
    }

    [Fact]
    public void The_web_acl_becomes_variables_evaluated_by_priority_and_says_what_it_does_not_emulate()
    {
        using var dir = new TempDir();
        var config = NginxEdgeConfig.Render(Site(3000, 3001) with { WebAcl = Waf("203.0.113.0/24") }, new EdgeListen(8080, 8081, new Uri("http://127.0.0.1:4566"), dir.Path));

        Assert.Contains("203.0.113.0/24 1;", config, StringComparison.Ordinal);
        Assert.Contains("map $http_x_smoke_test ", config, StringComparison.Ordinal);
        Assert.Contains("# rule rate-limit: RateBasedStatement is not emulated by the local edge (never matches)", config, StringComparison.Ordinal);
        Assert.Contains("# rule common: a rule group's override action does not decide; not applied", config, StringComparison.Ordinal);
        Assert.Contains("if ($waf_blocked) { return 403 \"Request blocked by the web ACL bm-staging-waf.\\n\"; }", config, StringComparison.Ordinal);
        Assert.Equal(Waf("203.0.113.0/24").Acl.Name, Wafv2Client.ParseArn(Waf().Acl.Arn)!.Value.Name);
        Assert.Equal(("CLOUDFRONT", "bm-staging-allowed-ips", "11111111-2222"), Wafv2Client.ParseArn(OfficeSet));
    }

    [SkippableFact]
    [Trait("Category", "Loopback")]
    public async Task The_edge_blocks_what_the_web_acl_blocks_and_lets_the_smoke_header_and_allowed_addresses_through()
    {
        var nginx = NginxBinary();
        await using var web = await LoopbackHttpServer.StartAsync(http => http.Response.WriteAsync("web"));
        await using var api = await LoopbackHttpServer.StartAsync(http => http.Response.WriteAsync("api"));
        using var dir = new TempDir();
        var listen = new EdgeListen(MotoServer.FreePort(), MotoServer.FreePort(), new Uri("http://127.0.0.1:1"), dir.Path);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listen.EdgePort}") };

        await using (var edge = await StartAsync(nginx, Site(web.Endpoint.Port, api.Endpoint.Port) with { WebAcl = Waf("203.0.113.0/24") }, listen))
        {
            using var blocked = await http.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            Assert.Equal("Request blocked by the web ACL bm-staging-waf.\n", await blocked.Content.ReadAsStringAsync());
            using var smoke = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Headers = { { "x-smoke-test", "smoke-" + Secret } } };
            Assert.Equal("api", await (await http.SendAsync(smoke)).Content.ReadAsStringAsync());
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "x-smoke-test", "smoke-guess" } } };
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(guess)).StatusCode);
        }

        // The loopback address allowed: every request passes (the rate limit and the managed rules are not emulated).
        using var dir2 = new TempDir();
        var open = new EdgeListen(MotoServer.FreePort(), MotoServer.FreePort(), new Uri("http://127.0.0.1:1"), dir2.Path);
        await using (var edge = await StartAsync(nginx, Site(web.Endpoint.Port, api.Endpoint.Port) with { WebAcl = Waf("127.0.0.0/8") }, open))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{open.EdgePort}") };
            Assert.Equal("web", await client.GetStringAsync("/"));
        }

        Assert.Equal(["GET /api/health"], api.Requests); // only the smoke test's request reached the API
    }

    private static string NginxBinary() =>
        ProcessRunner.Locate("nginx") ?? (File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : throw Requirements.Missing("nginx is not installed (apt-get install nginx-light)"));

    private static async Task<RunningNginx> StartAsync(string nginx, EdgeSite site, EdgeListen listen)
    {
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(listen.Directory, "tmp", temp));
        }

        var config = Path.Combine(listen.Directory, "nginx.conf");
        LocalEdge.WritePrivate(config, NginxEdgeConfig.Render(site, listen));
        var check = await Run.ProcessAsync(nginx, ["-t", "-p", listen.Directory, "-c", config]);
        Assert.True(check.ExitCode == 0, check.Output);
        var process = Run.Background(nginx, "-p", listen.Directory, "-c", config, "-g", "daemon off;");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Deploy.Build.LocalCloud.HealthProbe.IsPortOpen(listen.EdgePort))
        {
            Assert.True(DateTime.UtcNow < deadline, "nginx did not listen: " + File.ReadAllText(Path.Combine(listen.Directory, "error.log")));
            await Task.Delay(100);
        }

        return new RunningNginx(process);
    }

    private sealed class RunningNginx(RunningProcess process) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
