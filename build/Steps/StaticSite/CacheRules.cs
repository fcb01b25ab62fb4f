using Deploy.Build.Configuration;

namespace Deploy.Build.Steps.StaticSite;

/// <summary>Cache-Control per path: the first matching glob of the site's rules, else the site's default.</summary>
public sealed class CacheRules
{
    private readonly List<(Glob Glob, string CacheControl)> _rules;

    public CacheRules(IEnumerable<CacheRule> rules, string defaultCacheControl)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.Select(r => (new Glob(r.Glob), r.CacheControl)).ToList();
        Default = defaultCacheControl;
    }

    public string Default { get; }

    public static CacheRules For(StaticSiteConfig site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new CacheRules(site.CacheRules, site.DefaultCacheControl);
    }

    public string For(string relativePath)
    {
        foreach (var (glob, cacheControl) in _rules)
        {
            if (glob.IsMatch(relativePath))
            {
                return cacheControl;
            }
        }

        return Default;
    }

    /// <summary>Immutable objects never need invalidating: their names change with their content.</summary>
    public static bool IsImmutable(string cacheControl) =>
        cacheControl.Contains("immutable", StringComparison.OrdinalIgnoreCase);

    /// <summary>Entry points (HTML pages) are uploaded last, so they never reference an asset not yet uploaded.</summary>
    public static bool IsEntryPoint(string relativePath) =>
        relativePath.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
        || relativePath.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
}
