namespace Deploy.Build.Benchmark;

/// <summary>
/// A deterministic, realistic static build: many small chunks, styles and icons, a few hundred images,
/// a handful of large media files, and the pages.
/// </summary>
public static class SiteGenerator
{
    private static readonly (string Folder, string Extension, int MinKb, int MaxKb, double Share)[] Kinds =
    [
        ("assets/js", ".js", 1, 24, 0.45),
        ("assets/css", ".css", 1, 12, 0.10),
        ("assets/icons", ".svg", 1, 4, 0.15),
        ("assets/data", ".json", 1, 8, 0.05),
        ("assets/img", ".webp", 20, 120, 0.12),
        ("assets/img", ".png", 30, 150, 0.08),
        ("assets/fonts", ".woff2", 15, 60, 0.045),
    ];

    /// <summary>Writes about <paramref name="count"/> files under <paramref name="root"/>; returns their relative paths.</summary>
    public static IReadOnlyList<string> Generate(string root, int count, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 20);
        var random = new Random(seed);
        var files = new List<string>();
        var large = Math.Max(2, count / 400);
        foreach (var (folder, extension, minKb, maxKb, share) in Kinds)
        {
            var n = (int)(count * share);
            for (var i = 0; i < n; i++)
            {
                files.Add(Write(root, $"{folder}/f{files.Count:D5}.{random.Next():x8}{extension}", random.Next(minKb * 1024, maxKb * 1024), random));
            }
        }

        for (var i = 0; i < large; i++)
        {
            files.Add(Write(root, $"assets/media/clip{i}.{random.Next():x8}.mp4", random.Next(2 << 20, 5 << 20), random));
        }

        var pages = count - files.Count;
        for (var i = 0; i < pages; i++)
        {
            files.Add(Write(root, i == 0 ? "index.html" : $"pages/p{i}/index.html", random.Next(2 * 1024, 20 * 1024), random));
        }

        return files;
    }

    /// <summary>Changes the content of every n-th file (keeping its name), as a small release would.</summary>
    public static IReadOnlyList<string> ChangeShare(string root, IReadOnlyList<string> files, double share, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(files);
        var random = new Random(seed);
        var step = (int)Math.Round(1 / share);
        var changed = files.Where((_, i) => i % step == step / 2).ToList();
        foreach (var relative in changed)
        {
            var path = Path.Combine(root, relative);
            var bytes = File.ReadAllBytes(path);
            bytes[random.Next(bytes.Length)] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
        }

        return changed;
    }

    /// <summary>
    /// A fresh CI checkout: every file newer than its object, no content changed. The caller waits a moment
    /// after, so that objects uploaded later are newer than the files (S3 times have one-second resolution).
    /// </summary>
    public static void TouchAll(string root)
    {
        var now = DateTime.UtcNow;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, now);
        }
    }

    private static string Write(string root, string relative, int size, Random random)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        random.NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return relative;
    }
}
