using System.Globalization;

namespace Deploy.Build.LocalCloud;

public enum ServiceAction
{
    Started,
    AlreadyRunning,
    WouldStart,
    Stopped,
    Killed,
    NotRunning,
    WouldStop,
}

/// <summary>What LocalUp or LocalDown did to one service, as one summary line.</summary>
public sealed record ServiceOutcome(string Name, ServiceAction Action, int Port, int? Pid, LaunchStrategy? Strategy, string LogPath)
{
    public bool Changed => Action is ServiceAction.Started or ServiceAction.Stopped or ServiceAction.Killed;

    public string Line => Action switch
    {
        ServiceAction.Started => $"{Name} started on {LocalCloudSettings.Host}:{Port.ToString(CultureInfo.InvariantCulture)} ({Describe()})",
        ServiceAction.AlreadyRunning => $"{Name} already running on {LocalCloudSettings.Host}:{Port.ToString(CultureInfo.InvariantCulture)} ({Describe()})",
        ServiceAction.WouldStart => $"would start {Name} on {LocalCloudSettings.Host}:{Port.ToString(CultureInfo.InvariantCulture)}",
        ServiceAction.Stopped => $"{Name} stopped ({Describe()})",
        ServiceAction.Killed => $"{Name} killed after it ignored the stop signal ({Describe()})",
        ServiceAction.WouldStop => $"would stop {Name} ({Describe()})",
        _ => $"{Name} was not running",
    };

    private string Describe() =>
        (Strategy == LaunchStrategy.Container ? "container, " : string.Empty) + $"pid {Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>One row of LocalStatus.</summary>
public sealed record ServiceStatus(string Name, int Port, int? Pid, LaunchStrategy? Strategy, bool Healthy, string State, string LogPath);
