using System.Text.Json;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>Where a locally running service answers: what SmokeTest and LocalStatus read.</summary>
public sealed record LocalServiceEndpoint(string Service, string TaskDefinition, int Revision, IReadOnlyList<int> Ports)
{
    public string Url => Ports.Count == 0 ? string.Empty : $"http://127.0.0.1:{Ports[0]}";
}

/// <summary>
/// The local data plane's record of running services, <c>services.json</c> in the local cloud's state folder:
/// <c>{"api": {"service": "...", "taskDefinition": "arn...", "revision": 5, "ports": [41234], "url": "http://127.0.0.1:41234"}}</c>.
/// </summary>
public sealed class LocalServiceState(string stateDirectory)
{
    public const string FileName = "services.json";

    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath => Path.Combine(stateDirectory, FileName);

    public IReadOnlyDictionary<string, LocalServiceEndpoint> Read()
    {
        lock (Gate)
        {
            return ReadUnlocked();
        }
    }

    public LocalServiceEndpoint? Find(string service) => Read().GetValueOrDefault(service);

    public void Set(string name, LocalServiceEndpoint? endpoint)
    {
        lock (Gate)
        {
            var all = new Dictionary<string, LocalServiceEndpoint>(ReadUnlocked(), StringComparer.Ordinal);
            if (endpoint is null)
            {
                all.Remove(name);
            }
            else
            {
                all[name] = endpoint;
            }

            Directory.CreateDirectory(stateDirectory);
            var document = all.ToDictionary(p => p.Key, p => new Entry(p.Value.Service, p.Value.TaskDefinition, p.Value.Revision, p.Value.Ports, p.Value.Url));
            var temp = FilePath + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(document, Json));
            File.Move(temp, FilePath, overwrite: true);
        }
    }

    private Dictionary<string, LocalServiceEndpoint> ReadUnlocked()
    {
        if (!File.Exists(FilePath))
        {
            return new Dictionary<string, LocalServiceEndpoint>(StringComparer.Ordinal);
        }

        var entries = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(FilePath), Json) ?? [];
        return entries.ToDictionary(p => p.Key, p => new LocalServiceEndpoint(p.Value.Service, p.Value.TaskDefinition, p.Value.Revision, p.Value.Ports ?? []),
            StringComparer.Ordinal);
    }

    private sealed record Entry(string Service, string TaskDefinition, int Revision, IReadOnlyList<int>? Ports, string? Url);
}
