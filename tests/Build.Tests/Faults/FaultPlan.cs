namespace Deploy.Build.Tests.Faults;

/// <summary>
/// What the proxy does to requests: shares of each fault, added latency (for all requests, or those
/// <see cref="Slow"/> picks), a seed to repeat a run, and bounds.
/// </summary>
public sealed record FaultPlan(
    double ErrorShare = 0,
    double DropShare = 0,
    TimeSpan? Latency = null,
    int Seed = 1,
    int MaxFaults = int.MaxValue,
    Func<ProxiedRequest, bool>? Eligible = null,
    Func<ProxiedRequest, bool>? Slow = null,
    Func<ProxiedRequest, bool>? Droppable = null)
{
    public static readonly FaultPlan None = new();

    /// <summary>
    /// A share of requests answered 500, 503 or a throttling error, in equal parts, and a share dropped mid-response.
    /// Terraform's requests get the error answers instead of drops: a create whose answer is lost is retried by the
    /// AWS provider and ends in "already exists" (terraform-provider-aws does not reconcile a lost create; on AWS most
    /// creates carry idempotency tokens, which moto ignores), a property of Terraform that no pipeline can repair.
    /// </summary>
    public static FaultPlan Failing(double share, int seed = 1) =>
        new(ErrorShare: share * 0.75, DropShare: share * 0.25, Seed: seed, Droppable: r => !r.IsFromTerraform);
}

public enum FaultKind
{
    None,
    InternalError,
    ServiceUnavailable,
    Throttled,
    DroppedMidResponse,
}

/// <summary>What the proxy (or moto's recorder) knows about a request: method, path and query, the AWS operation if any.</summary>
public sealed record ProxiedRequest(string Method, string Path, string? Operation, string Protocol)
{
    public string? UserAgent { get; init; }

    /// <summary>Sent by Terraform's AWS provider (its User-Agent names Terraform).</summary>
    public bool IsFromTerraform => UserAgent?.Contains("Terraform/", StringComparison.Ordinal) == true;

    // AssumeRole*: a role session is credentials for the caller, no change to any resource (a dry run assumes the plan role).
    private static readonly string[] ReadPrefixes = ["Describe", "List", "Get", "BatchGet", "BatchCheck", "Filter", "Lookup", "Search", "Head", "AssumeRole"];

    /// <summary>
    /// Whether the request could change something. An AWS operation (awsJson X-Amz-Target, or the query protocol's
    /// Action) is a read when its name says so (Describe/List/Get/...); anything else is a read only for GET/HEAD.
    /// </summary>
    public bool IsMutating => Operation is { } op
        ? !ReadPrefixes.Any(p => op.StartsWith(p, StringComparison.Ordinal))
        : Method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>Describes a request from its parts: the X-Amz-Target header, or for a form POST (query protocol) the Action field.</summary>
    public static ProxiedRequest From(string method, string pathAndQuery, string? amzTarget, string? contentType, ReadOnlySpan<byte> body)
    {
        if (!string.IsNullOrEmpty(amzTarget))
        {
            return new ProxiedRequest(method, pathAndQuery, amzTarget.Split('.')[^1], "json");
        }

        if (pathAndQuery.StartsWith("/v2", StringComparison.Ordinal))
        {
            return new ProxiedRequest(method, pathAndQuery, null, "registry");
        }

        var action = QueryValue(pathAndQuery.Contains('?', StringComparison.Ordinal) ? pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty, "Action");
        if (action is null && contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            action = QueryValue(System.Text.Encoding.UTF8.GetString(body), "Action");
        }

        return new ProxiedRequest(method, pathAndQuery, action, action is null ? "rest" : "query");
    }

    private static string? QueryValue(string form, string name) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == name)
            .Select(p => Uri.UnescapeDataString(p[1]))
            .FirstOrDefault();
}
