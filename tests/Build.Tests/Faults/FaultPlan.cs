namespace Deploy.Build.Tests.Faults;

/// <summary>What the proxy does to requests: shares of each fault, added latency, a seed to repeat a run, and bounds.</summary>
public sealed record FaultPlan(
    double ErrorShare = 0,
    double DropShare = 0,
    TimeSpan? Latency = null,
    int Seed = 1,
    int MaxFaults = int.MaxValue,
    Func<ProxiedRequest, bool>? Eligible = null)
{
    public static readonly FaultPlan None = new();

    /// <summary>A share of requests answered 500, 503 or a throttling error, in equal parts, and a share dropped mid-response.</summary>
    public static FaultPlan Failing(double share, int seed = 1) => new(ErrorShare: share * 0.75, DropShare: share * 0.25, Seed: seed);
}

public enum FaultKind
{
    None,
    InternalError,
    ServiceUnavailable,
    Throttled,
    DroppedMidResponse,
}

/// <summary>What the proxy knows about a request when it decides.</summary>
public sealed record ProxiedRequest(string Method, string Path, string? Operation, string Protocol)
{
    /// <summary>Whether the request could change something: anything but reads (GET/HEAD, Describe/List/Get/BatchGet/Head operations).</summary>
    public bool IsMutating => Operation is { } op
        ? !(op.StartsWith("Describe", StringComparison.Ordinal) || op.StartsWith("List", StringComparison.Ordinal)
            || op.StartsWith("Get", StringComparison.Ordinal) || op.StartsWith("BatchGet", StringComparison.Ordinal)
            || op.StartsWith("BatchCheck", StringComparison.Ordinal))
        : Method is not ("GET" or "HEAD" or "OPTIONS") && !IsReadOnlyPost;

    // STS GetCallerIdentity and S3 list/select are POST/GET reads that carry the action in the query.
    private bool IsReadOnlyPost => Path.Contains("Action=GetCallerIdentity", StringComparison.Ordinal);
}
