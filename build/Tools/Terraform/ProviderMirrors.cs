using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Deploy.Build.Tools.Terraform;

/// <summary>The provider mirror a run uses, and where it came from (for the log line).</summary>
/// <param name="Path">The mirror's root (the folder holding registry.terraform.io), or null: providers from the registry.</param>
/// <param name="Line">What the pipeline logs: which mirror, and why.</param>
public sealed record MirrorChoice(string? Path, string Line);

/// <summary>
/// Finds the Terraform provider mirror: TF_PROVIDER_MIRROR when set; otherwise the first of the usual places
/// (Terraform's implied local mirror directories, then /opt/tf-plugins) that holds every provider the root needs.
/// </summary>
public static partial class ProviderMirrors
{
    public const string Registry = "registry.terraform.io";

    /// <summary>Where machines without registry access usually carry a mirror, besides Terraform's implied directories.</summary>
    public const string OptMirror = "/opt/tf-plugins";

    /// <summary>What a root needs when its files name no provider (the stack is AWS).</summary>
    public static readonly IReadOnlyList<string> DefaultProviders = ["hashicorp/aws"];

    /// <summary>
    /// Terraform's implied local mirror directories on Unix (CLI configuration docs, "Implied Local Mirror
    /// Directories"): $XDG_DATA_HOME/terraform/plugins (default ~/.local/share), each $XDG_DATA_DIRS/terraform/plugins
    /// (default /usr/local/share:/usr/share), ~/.terraform.d/plugins; then /opt/tf-plugins.
    /// </summary>
    public static IReadOnlyList<string> UsualPlaces(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var home = NullIfEmpty(variable("HOME"));
        var places = new List<string>();
        var dataHome = NullIfEmpty(variable("XDG_DATA_HOME")) ?? (home is null ? null : Path.Combine(home, ".local", "share"));
        if (dataHome is not null)
        {
            places.Add(Path.Combine(dataHome, "terraform", "plugins"));
        }

        var dataDirs = NullIfEmpty(variable("XDG_DATA_DIRS")) ?? "/usr/local/share:/usr/share";
        places.AddRange(dataDirs.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "terraform", "plugins")));
        if (home is not null)
        {
            places.Add(Path.Combine(home, ".terraform.d", "plugins"));
        }

        places.Add(OptMirror);
        return places.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when <paramref name="mirror"/>/registry.terraform.io holds each of <paramref name="providers"/> ("hashicorp/aws").</summary>
    public static bool Holds(string mirror, IEnumerable<string> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        return providers.All(p => Directory.Exists(Path.Combine(mirror, Registry, p)));
    }

    /// <summary>The first place that holds every provider, or null.</summary>
    public static string? Find(IEnumerable<string> places, IReadOnlyCollection<string> providers) =>
        places.FirstOrDefault(place => Holds(place, providers));

    /// <summary>The registry providers ("namespace/type") a root's own .tf files require; <see cref="DefaultProviders"/> when none.</summary>
    public static IReadOnlyList<string> RequiredBy(string? root)
    {
        if (root is null || !Directory.Exists(root))
        {
            return DefaultProviders;
        }

        var found = Directory.GetFiles(root, "*.tf")
            .SelectMany(f => ProviderSource().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return found.Count > 0 ? found : DefaultProviders;
    }

    /// <summary>
    /// The decision, free of the network: the variable when set (checked to be a mirror), else the usual places;
    /// null path when none holds the providers.
    /// </summary>
    public static MirrorChoice Choose(string? variable, IReadOnlyList<string> places, IReadOnlyCollection<string> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        if (NullIfEmpty(variable) is { } set)
        {
            return Directory.Exists(Path.Combine(set, Registry))
                ? new MirrorChoice(set, $"Terraform providers from the mirror {set} ({EnvVars.TerraformProviderMirror})")
                : throw new InvalidOperationException(
                    $"{EnvVars.TerraformProviderMirror}={set} has no {Registry} folder: point it at the mirror's root.");
        }

        return Find(places, providers) is { } found
            ? new MirrorChoice(found, $"Terraform providers from the mirror {found} (found in the usual places; {EnvVars.TerraformProviderMirror} is unset)")
            : new MirrorChoice(null, $"Terraform providers from {Registry} (no mirror in {string.Join(", ", places)})");
    }

    /// <summary>The one line when no mirror holds the providers and the registry cannot be reached.</summary>
    public static string NoMirrorOffline(IReadOnlyCollection<string> providers, IReadOnlyList<string> places) =>
        $"No Terraform provider mirror holds {string.Join(", ", providers)} (looked in {string.Join(", ", places)}) and {Registry} is unreachable: "
        + $"set {EnvVars.TerraformProviderMirror} to the folder holding {Registry}.";

    /// <summary>
    /// The mirror for a root, as the pipeline runs it: <see cref="Choose"/> from the process environment; with no mirror,
    /// the registry must answer (a TCP connection to port 443, unless a proxy is set), else one line naming what to set.
    /// </summary>
    public static MirrorChoice Resolve(string? root, IReadOnlyList<string>? usualPlaces = null, Func<string, bool>? registryReachable = null)
    {
        var places = usualPlaces ?? UsualPlaces(Environment.GetEnvironmentVariable);
        var providers = RequiredBy(root);
        var choice = Choose(Environment.GetEnvironmentVariable(EnvVars.TerraformProviderMirror), places, providers);
        if (choice.Path is null && !(registryReachable ?? Reachable)(Registry))
        {
            throw new InvalidOperationException(NoMirrorOffline(providers, places));
        }

        return choice;
    }

    /// <summary>True when a TCP connection to host:443 opens within 5 s, or when an HTTPS proxy is configured.</summary>
    public static bool Reachable(string host)
    {
        if (NullIfEmpty(Environment.GetEnvironmentVariable("HTTPS_PROXY") ?? Environment.GetEnvironmentVariable("https_proxy")) is not null)
        {
            return true;
        }

        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            client.ConnectAsync(host, 443, timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    // required_providers entries: source = "hashicorp/aws" (two parts; module sources have three or a path).
    [GeneratedRegex("""\bsource\s*=\s*"(?:registry\.terraform\.io/)?([A-Za-z0-9-]+/[A-Za-z0-9-]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex ProviderSource();
}
