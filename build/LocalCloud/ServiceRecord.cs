using System.Globalization;
using System.Text.Json;

namespace Deploy.Build.LocalCloud;

public enum LaunchStrategy
{
    /// <summary>The binary on this machine, started detached (setsid) with its own PID.</summary>
    Process,

    /// <summary>The usual container image, run with docker run -d --network host.</summary>
    Container,
}

/// <summary>What the state folder remembers about a started service: its PID and how it was started.</summary>
public sealed record ServiceRecord(
    string Name, int Pid, long? StartTime, int Port, LaunchStrategy Strategy, string? ContainerId, DateTimeOffset StartedAt);

/// <summary>The PID files under .local-cloud/run: one JSON file per service, plus a plain .pid beside it.</summary>
public sealed class ServiceRecords(string runDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string PathOf(string name) => Path.Combine(runDirectory, name + ".json");

    public string PidPathOf(string name) => Path.Combine(runDirectory, name + ".pid");

    public ServiceRecord? Read(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ServiceRecord>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // A torn or hand-edited file is as good as stale.
            return new ServiceRecord(name, 0, null, 0, LaunchStrategy.Process, null, DateTimeOffset.MinValue);
        }
    }

    public void Write(ServiceRecord record)
    {
        Directory.CreateDirectory(runDirectory);
        var path = PathOf(record.Name);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record, Json));
        File.Move(path + ".tmp", path, overwrite: true);
        File.WriteAllText(PidPathOf(record.Name), record.Pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    public void Delete(string name)
    {
        File.Delete(PathOf(name));
        File.Delete(PidPathOf(name));
    }
}
