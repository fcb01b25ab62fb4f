namespace Deploy.Build.Steps.StaticSite;

/// <summary>
/// Content types by extension, from an explicit table (never from the platform's registry, which
/// gets .woff, .webp and .js wrong on common systems). Text types carry charset=utf-8.
/// </summary>
public static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private const string Utf8 = "; charset=utf-8";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html" + Utf8,
        [".htm"] = "text/html" + Utf8,
        [".css"] = "text/css" + Utf8,
        [".js"] = "text/javascript" + Utf8,
        [".mjs"] = "text/javascript" + Utf8,
        [".cjs"] = "text/javascript" + Utf8,
        [".json"] = "application/json" + Utf8,
        [".map"] = "application/json" + Utf8,
        [".webmanifest"] = "application/manifest+json" + Utf8,
        [".txt"] = "text/plain" + Utf8,
        [".csv"] = "text/csv" + Utf8,
        [".md"] = "text/markdown" + Utf8,
        [".xml"] = "application/xml" + Utf8,
        [".svg"] = "image/svg+xml" + Utf8,
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".gif"] = "image/gif",
        [".ico"] = "image/x-icon",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",
        [".wasm"] = "application/wasm",
        [".pdf"] = "application/pdf",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
    };

    /// <summary>The extensions the table knows (for documentation and tests).</summary>
    public static IReadOnlyCollection<string> Known => ByExtension.Keys;

    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : Default;
}
