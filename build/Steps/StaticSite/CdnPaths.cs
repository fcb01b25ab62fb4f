namespace Deploy.Build.Steps.StaticSite;

/// <summary>
/// The CloudFront paths to invalidate for a set of changed or deleted object keys: each path URL-encoded,
/// a page's folder with its index.html, and collapsed to wildcards past <c>maxPaths</c>
/// (a wildcard is priced as one path).
/// </summary>
public static class CdnPaths
{
    public static IReadOnlyList<string> For(IEnumerable<string> keys, int maxPaths)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPaths, 1);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var path = "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
            paths.Add(path);
            if (path.EndsWith("/index.html", StringComparison.Ordinal))
            {
                paths.Add(path[..^"index.html".Length]);
            }
        }

        if (paths.Count <= maxPaths)
        {
            return paths.ToList();
        }

        // First try one wildcard per top-level folder, then one for everything.
        var byFolder = paths
            .GroupBy(p => p.IndexOf('/', 1) is var slash and > 0 ? p[..(slash + 1)] : p, StringComparer.Ordinal)
            .Select(g => g.Count() > 1 && g.Key.EndsWith('/') ? g.Key + "*" : g.First())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return byFolder.Count <= maxPaths ? byFolder : ["/*"];
    }
}
