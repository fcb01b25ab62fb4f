using Deploy.Build.Configuration;
using Deploy.Build.Steps.StaticSite;

namespace Deploy.Build.Tests.StaticSite;

public sealed class ContentTypesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("a/b/styles.36eaf94d.css", "text/css; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("mod.mjs", "text/javascript; charset=utf-8")]
    [InlineData("data.json", "application/json; charset=utf-8")]
    [InlineData("app.js.map", "application/json; charset=utf-8")]
    [InlineData("logo.svg", "image/svg+xml; charset=utf-8")]
    [InlineData("a.png", "image/png")]
    [InlineData("a.JPG", "image/jpeg")]
    [InlineData("a.webp", "image/webp")]
    [InlineData("a.avif", "image/avif")]
    [InlineData("a.gif", "image/gif")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("f.woff", "font/woff")]
    [InlineData("f.woff2", "font/woff2")]
    [InlineData("f.ttf", "font/ttf")]
    [InlineData("f.otf", "font/otf")]
    [InlineData("robots.txt", "text/plain; charset=utf-8")]
    [InlineData("sitemap.xml", "application/xml; charset=utf-8")]
    [InlineData("m.wasm", "application/wasm")]
    [InlineData("site.webmanifest", "application/manifest+json; charset=utf-8")]
    [InlineData("doc.pdf", "application/pdf")]
    [InlineData("v.mp4", "video/mp4")]
    [InlineData("v.webm", "video/webm")]
    public void Come_from_the_explicit_table(string path, string expected) => Assert.Equal(expected, ContentTypes.For(path));

    [Theory]
    [InlineData("LICENSE")]
    [InlineData("archive.xyz")]
    public void Unknown_files_get_a_safe_default(string path) => Assert.Equal("application/octet-stream", ContentTypes.For(path));
}

public sealed class CacheRulesTests
{
    private static readonly CacheRules Rules = new(
        [new CacheRule("assets/**", "public, max-age=31536000, immutable"), new CacheRule("**/*.html", "no-cache")],
        "public, max-age=300");

    [Theory]
    [InlineData("assets/app.bc6e312a.js", "public, max-age=31536000, immutable")]
    [InlineData("assets/deep/er/font.woff2", "public, max-age=31536000, immutable")]
    [InlineData("index.html", "no-cache")]
    [InlineData("docs/guide/index.html", "no-cache")]
    [InlineData("robots.txt", "public, max-age=300")]
    [InlineData("logo.svg", "public, max-age=300")]
    public void First_matching_glob_wins_else_the_default(string path, string expected) => Assert.Equal(expected, Rules.For(path));

    [Fact]
    public void An_earlier_rule_shadows_a_later_one()
    {
        var rules = new CacheRules([new CacheRule("assets/**", "immutable-one"), new CacheRule("assets/*.html", "never")], "d");
        Assert.Equal("immutable-one", rules.For("assets/page.html"));
    }

    [Theory]
    [InlineData("*.html", "index.html", true)]
    [InlineData("*.html", "a/index.html", false)]
    [InlineData("**/*.html", "a/b/index.html", true)]
    [InlineData("assets/*.js", "assets/x/y.js", false)]
    [InlineData("assets/?.js", "assets/a.js", true)]
    [InlineData("/index.html", "index.html", true)]
    [InlineData("a.b", "aXb", false)]
    public void Globs_match_by_segment(string pattern, string path, bool match) => Assert.Equal(match, new Glob(pattern).IsMatch(path));

    [Fact]
    public void Immutable_and_entry_points_are_recognised()
    {
        Assert.True(CacheRules.IsImmutable("public, max-age=31536000, immutable"));
        Assert.False(CacheRules.IsImmutable("no-cache"));
        Assert.True(CacheRules.IsEntryPoint("index.html"));
        Assert.True(CacheRules.IsEntryPoint("docs/a.HTML"));
        Assert.False(CacheRules.IsEntryPoint("assets/app.js"));
    }
}

public sealed class CdnPathsTests
{
    [Fact]
    public void A_changed_root_page_invalidates_it_and_its_folder()
    {
        Assert.Equal(["/", "/index.html"], CdnPaths.For(["index.html"], 15));
    }

    [Fact]
    public void Paths_are_url_encoded()
    {
        Assert.Equal(["/docs/a%20b.txt"], CdnPaths.For(["docs/a b.txt"], 15));
    }

    [Fact]
    public void Collapses_per_folder_then_to_one_wildcard_past_the_limit()
    {
        var keys = Enumerable.Range(0, 10).Select(i => $"docs/p{i}.txt").Append("robots.txt").ToList();
        Assert.Equal(["/docs/*", "/robots.txt"], CdnPaths.For(keys, 5));

        var many = Enumerable.Range(0, 10).Select(i => $"d{i}/a.txt").Concat(Enumerable.Range(0, 10).Select(i => $"d{i}/b.txt"));
        Assert.Equal(["/*"], CdnPaths.For(many, 5));
    }

    [Fact]
    public void Nothing_changed_means_no_paths() => Assert.Empty(CdnPaths.For([], 15));
}
