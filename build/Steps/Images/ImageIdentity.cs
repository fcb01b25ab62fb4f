using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Deploy.Build.Configuration;
using Deploy.Build.Tools.Git;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// An image's identity: the hash of everything that goes into it, so an image whose inputs did not change is found in
/// the registry under its identity tag and neither built, pushed nor rolled out. The inputs: the files of its build
/// context that git sees (tracked, and untracked ones not ignored; every file when the context is outside git), the
/// Dockerfile, the build arguments, the platform, each FROM image (its engine id when the engine has it, else its
/// reference) and the preBuild command. What a preBuild generates into ignored folders (the web front end's dist/) is
/// a function of those sources and is not hashed, so a skipped image needs no preBuild run; a preBuild must therefore
/// be deterministic, as the example's is. Nothing that changes every commit (the commit id, the time) is an input.
/// </summary>
public sealed partial record ImageIdentity(string Hash)
{
    /// <summary>The identity tag: id-&lt;32 hex&gt; (a valid Docker tag, far from any release version's shape).</summary>
    public string Tag => "id-" + Hash[..32];

    public static async Task<ImageIdentity> ComputeAsync(ImageConfig image, string contextPath, IReadOnlyDictionary<string, string> buildArgs,
        Func<string, string?> engineImageId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(buildArgs);
        ArgumentNullException.ThrowIfNull(engineImageId);
        var dockerfile = Path.Combine(contextPath, image.Dockerfile);
        var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string line) => sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));

        Add("deploy-image-identity/1");
        Add("platform=" + image.Platform);
        Add("dockerfile=" + image.Dockerfile);
        foreach (var (key, value) in buildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Add($"arg {key}={value}");
        }

        Add("preBuild=" + string.Join('\u001f', image.PreBuild));
        var dockerfileText = File.Exists(dockerfile) ? await File.ReadAllTextAsync(dockerfile, ct).ConfigureAwait(false) : string.Empty;
        foreach (var from in BaseImages(dockerfileText, buildArgs))
        {
            Add($"from {from}={engineImageId(from) ?? "(not in the engine)"}");
        }

        var files = await ContextFilesAsync(contextPath).ConfigureAwait(false);
        if (!files.Contains(image.Dockerfile, StringComparer.Ordinal) && File.Exists(dockerfile))
        {
            files = [.. files, image.Dockerfile];
        }

        foreach (var relative in files.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(contextPath, relative);
            if (File.Exists(path))
            {
                Add($"file {relative.Replace('\\', '/')} {Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false)))}");
            }
        }

        return new ImageIdentity(Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>The images the Dockerfile's FROM lines name, with ARG defaults and build arguments substituted; stage names are not images.</summary>
    public static IReadOnlyList<string> BaseImages(string dockerfile, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(buildArgs);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            if (ArgLine().Match(line) is { Success: true } arg)
            {
                var name = arg.Groups[1].Value;
                args[name] = buildArgs.TryGetValue(name, out var given) ? given : arg.Groups[2].Success ? arg.Groups[2].Value.Trim('"') : string.Empty;
            }
            else if (FromLine().Match(line) is { Success: true } from)
            {
                var reference = Variable().Replace(from.Groups[1].Value, m => args.GetValueOrDefault(m.Groups[1].Value.Split(':')[0]) ?? string.Empty);
                if (!stages.Contains(reference) && reference != "scratch")
                {
                    images.Add(reference);
                }

                if (from.Groups[2].Success)
                {
                    stages.Add(from.Groups[2].Value);
                }
            }
        }

        return images;
    }

    /// <summary>The context's files as git sees them (tracked, and untracked not ignored); every file when git sees none.</summary>
    private static async Task<IReadOnlyList<string>> ContextFilesAsync(string contextPath)
    {
        var listed = Directory.Exists(contextPath)
            ? await GitRevision.TryAsync(contextPath, "ls-files", "--cached", "--others", "--exclude-standard", "--", ".").ConfigureAwait(false)
            : null;
        var files = (listed ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return files.Count > 0 || !Directory.Exists(contextPath)
            ? files
            : [.. Directory.EnumerateFiles(contextPath, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(contextPath, f))];
    }

    [GeneratedRegex(@"^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex ArgLine();

    [GeneratedRegex(@"^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_:-]*)\}?")]
    private static partial Regex Variable();
}
