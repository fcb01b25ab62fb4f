using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// The AWS service models (botocore's <c>service-2.json</c>, plain or gzipped) of the AWS CLI on PATH, found by asking the
/// CLI itself which file it loads (<c>aws --debug ... --generate-cli-skeleton</c> logs "Loading JSON file: ..." and calls
/// nothing), so any install (v1 with pip, v2's bundle, mise) works. Not found: the test is skipped locally and fails in CI.
/// </summary>
public static partial class BotocoreModels
{
    private static readonly Lazy<Task<(string? DataDirectory, string Cli, string Output)>> Located = new(LocateAsync);

    /// <summary>The CLI's model folder (<c>.../botocore/data</c>) and its version line, e.g. "aws-cli/1.45.11 ... botocore/1.43.11".</summary>
    public static async Task<(string DataDirectory, string Cli)> RequireAsync()
    {
        Requirements.Tool("aws");
        var (directory, cli, output) = await Located.Value;
        return directory is null
            ? throw Requirements.Missing($"the AWS CLI on PATH did not say where its service models are ({cli}): {Tail(output)}")
            : (directory, cli);
    }

    /// <summary>One service model, e.g. ("ecs", "2014-11-13").</summary>
    public static async Task<ServiceModel> LoadAsync(string service, string apiVersion)
    {
        var (directory, cli) = await RequireAsync();
        var folder = Path.Combine(directory, service, apiVersion);
        var file = new[] { "service-2.json", "service-2.json.gz" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
                   ?? throw Requirements.Missing($"no service-2.json(.gz) in {folder} ({cli})");
        await using var stream = File.OpenRead(file);
        await using var text = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var document = await JsonDocument.ParseAsync(text);
        return new ServiceModel(file, cli, document.RootElement.Clone());
    }

    private static async Task<(string?, string, string)> LocateAsync()
    {
        var version = await Run.ProcessAsync("aws", ["--version"], timeout: TimeSpan.FromMinutes(1));
        var cli = version.Lines.FirstOrDefault(l => l.StartsWith("aws-cli/", StringComparison.Ordinal)) ?? version.Tail(1);
        var probe = await Run.ProcessAsync("aws", ["--debug", "--region", "us-east-1", "ecs", "describe-clusters", "--generate-cli-skeleton"],
            environment: new Dictionary<string, string?> { ["AWS_PAGER"] = string.Empty }, timeout: TimeSpan.FromMinutes(2));
        var directory = probe.StdErrLines.Concat(probe.StdOutLines)
            .Select(l => EcsModelLoaded().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["data"].Value)
            .FirstOrDefault(Directory.Exists);
        return (directory, cli, probe.Output);
    }

    private static string Tail(string output) => output.Length > 400 ? output[^400..] : output;

    [GeneratedRegex(@"Loading JSON file: (?<data>.+)[/\\]ecs[/\\]2014-11-13[/\\]service-2\.json(\.gz)?\s*$")]
    private static partial Regex EcsModelLoaded();
}

/// <summary>A botocore service model: metadata, operations and shapes.</summary>
public sealed class ServiceModel(string file, string cli, JsonElement root)
{
    /// <summary>The file read, for messages and the report.</summary>
    public string File { get; } = file;

    /// <summary>The AWS CLI (and botocore) version line it came with.</summary>
    public string Cli { get; } = cli;

    public string? Metadata(string name) =>
        root.GetProperty("metadata").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string Protocol => Metadata("protocol")!;

    public bool HasOperation(string name) => root.GetProperty("operations").TryGetProperty(name, out _);

    public JsonElement Operation(string name) => root.GetProperty("operations").GetProperty(name);

    public string? InputShape(string operation) =>
        Operation(operation).TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;

    public string? OutputShape(string operation) =>
        Operation(operation).TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;

    public JsonElement Shape(string name) => root.GetProperty("shapes").GetProperty(name);

    public bool HasShape(string name) => root.GetProperty("shapes").TryGetProperty(name, out _);

    public string TypeOf(string shape) => Shape(shape).GetProperty("type").GetString()!;

    /// <summary>A structure's members in model order (the order REST-XML serialises them in).</summary>
    public IReadOnlyList<(string Name, JsonElement Member)> Members(string shape) =>
        Shape(shape).TryGetProperty("members", out var members) ? members.EnumerateObject().Select(m => (m.Name, m.Value)).ToList() : [];

    public IReadOnlyList<string> Required(string shape) =>
        Shape(shape).TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToList() : [];

    public IReadOnlyList<string> Enum(string shape) =>
        Shape(shape).TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : [];

    public override string ToString() => $"{File} ({Cli})";
}
