using Deploy.Build.Configuration;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Steps.Smoke;

/// <summary>
/// What to check after a deploy, the same locally (through the local edge) and on AWS (through CloudFront): each
/// service's health answer names the release its running revision was registered for, the page is HTML and names the
/// web release, every file the page references answers (the page and the bucket are of one release), and a path that
/// must not exist is a 404 (never an SPA fallback page that answers 200).
/// </summary>
public static partial class SmokeChecks
{
    /// <summary>The health path of the service behind CloudFront's /api/* behaviour (the others answer under their own paths).</summary>
    public const string ApiPrefix = "/api";

    /// <summary>Checks against <paramref name="site"/>; <paramref name="releases"/> maps a service to the release its running revision carries (when known).</summary>
    public static IReadOnlyList<SmokeCheck> For(DeployConfig config, Uri site, IReadOnlyDictionary<string, string?> releases, string? missingPath = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(releases);
        var checks = new List<SmokeCheck>();
        foreach (var service in config.Services)
        {
            var release = releases.GetValueOrDefault(service.Name);
            var version = release is null ? null : $"\"version\":\"{release}\"";
            if (service.Name == "api")
            {
                checks.Add(new SmokeCheck("api health", new Uri(site, ApiPrefix + service.HealthPath), version ?? "\"status\":\"ok\""));
            }
            else
            {
                // Everything outside /api/* and /assets/* reaches the web service (CloudFront's default behaviour, the ALB's default rule).
                checks.Add(new SmokeCheck($"{service.Name} health", new Uri(site, service.HealthPath), version ?? "\"status\":\"ok\""));
                checks.Add(new SmokeCheck($"{service.Name} page", new Uri(site, "/"), "<html", PageAssets: true));
            }
        }

        if (config.Services.Any(s => s.Name == "api"))
        {
            checks.Add(new SmokeCheck("unknown api path is 404", new Uri(site, $"{ApiPrefix}/{missingPath ?? "smoke-test-missing-" + Guid.NewGuid().ToString("N")[..8]}"), Status: 404));
        }

        return checks;
    }

    /// <summary>How many referenced files a page check follows at most.</summary>
    public const int MaxPageAssets = 50;

    /// <summary>
    /// The same-site files a page references in src and href attributes (relative or absolute paths; not other hosts,
    /// schemes such as mailto:, or fragments), resolved against the page, each once, at most <see cref="MaxPageAssets"/>.
    /// </summary>
    public static IReadOnlyList<Uri> PageAssets(string html, Uri page)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(page);
        return Reference().Matches(html)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value.Trim()))
            .Where(url => url.Length > 0 && !url.StartsWith('#') && !url.StartsWith("//", StringComparison.Ordinal)
                          && !SchemePrefix().IsMatch(url))
            .Select(url => new Uri(page, url))
            .Where(uri => uri.Host == page.Host && uri.Port == page.Port)
            .Select(uri => new UriBuilder(uri) { Fragment = string.Empty }.Uri)
            .Distinct()
            .Take(MaxPageAssets)
            .ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:src|href)\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)')", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Reference();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial System.Text.RegularExpressions.Regex SchemePrefix();

    public static Uri AwsSite(InfraOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return new Uri($"https://{outputs.CloudFrontDomainName}/");
    }
}
