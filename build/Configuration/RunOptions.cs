using System.Globalization;
using Cake.Common;
using Cake.Core;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Configuration;

/// <summary>
/// The pipeline's own command-line options (names and help in Utilities/Arguments), read once when the run starts.
/// Tasks take their values from here; each value that needs checking is checked here, with the one-line error a
/// user sees, beside the option it belongs to (ecspresso keeps a command's options beside the command).
/// </summary>
public sealed record RunOptions
{
    public const int DefaultHistoryCount = 10;

    /// <summary>The DORA metrics' window without --since.</summary>
    public static readonly TimeSpan DefaultMetricsWindow = TimeSpan.FromDays(30);

    public string? Environment { get; init; }

    public bool DryRun { get; init; }

    public string? Config { get; init; }

    public bool AllowDestroy { get; init; }

    /// <summary>--plan-all: never skip a local plan by its fingerprint.</summary>
    public bool PlanAll { get; init; }

    /// <summary>--force-migrations: run the migration task even when its inputs already migrated successfully.</summary>
    public bool ForceMigrations { get; init; }

    /// <summary>--count as given: ScaleServices' desired count, History's number of records.</summary>
    public string? Count { get; init; }

    /// <summary>--parallelism as given.</summary>
    public string? Parallelism { get; init; }

    public string? TestFilter { get; init; }

    /// <summary>--lock-wait as given (seconds).</summary>
    public string? LockWait { get; init; }

    public bool Reset { get; init; }

    /// <summary>History --metrics: the DORA figures instead of the list.</summary>
    public bool Metrics { get; init; }

    /// <summary>--since as given (30d, 12h, 2w).</summary>
    public string? Since { get; init; }

    /// <summary>Rollback --to: the release to put back (an id or version), as given.</summary>
    public string? RollbackTo { get; init; }

    /// <summary>--benchmark: deploys or sync (null: both); Allowed in Arguments checks the value.</summary>
    public string? Benchmark { get; init; }

    /// <summary>DEPLOY_WEBHOOK_URL as given: a secret (DeployContext registers it before anything can print it).</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Reads every option once; flags through Cake's own converter (--dry-run, --dry-run=true).</summary>
    public static RunOptions From(ICakeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? Value(string name) => context.Arguments.HasArgument(name) ? context.Arguments.GetArgument(name) : null;
        bool Flag(string name) => context.Argument(name, false);
        return new RunOptions
        {
            Environment = Value(Arguments.Environment),
            DryRun = Flag(Arguments.DryRun),
            Config = Value(Arguments.Config),
            AllowDestroy = Flag(Arguments.AllowDestroy),
            PlanAll = Flag(Arguments.PlanAll),
            ForceMigrations = Flag(Arguments.ForceMigrations),
            Count = Value(Arguments.Count),
            Parallelism = Value(Arguments.Parallelism),
            TestFilter = Value(Arguments.TestFilter),
            LockWait = Value(Arguments.LockWait),
            Reset = Flag(Arguments.Reset),
            Metrics = Flag(Arguments.Metrics),
            Since = Value(Arguments.Since),
            Benchmark = Value(Arguments.Benchmark),
            RollbackTo = Value(Arguments.To),
            WebhookUrl = context.Environment.GetEnvironmentVariable(EnvVars.DeployWebhookUrl) is { Length: > 0 } webhook ? webhook.Trim() : null,
        };
    }

    /// <summary>--parallelism wins over the config's buildParallelism; 1 to 16.</summary>
    public int BuildParallelism(int configured) =>
        Parallelism is null ? configured
        : int.TryParse(Parallelism, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16 ? n
        : throw new CakeException($"--parallelism must be a number from 1 to 16, not '{Parallelism}'.");

    /// <summary>ScaleServices' --count: a whole number from 0 to 100.</summary>
    public int ScaleCount() => ScaleCount(Count);

    public static int ScaleCount(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100
            ? count
            : throw new DeployInputException($"ScaleServices needs --count=N with N a whole number from 0 to 100 (got '{value ?? "nothing"}')");

    /// <summary>History's --count: how many records, 10 unless given.</summary>
    public int HistoryCount() =>
        Count is null ? DefaultHistoryCount
        : int.TryParse(Count, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 ? count
        : throw new DeployInputException($"History takes --count=N with N a whole number of at least 1 (got '{Count}')");

    /// <summary>--lock-wait: how long to wait for another deploy's lock (0, the default, fails at once).</summary>
    public TimeSpan LockWaitTime() =>
        LockWait is null ? TimeSpan.Zero
        : int.TryParse(LockWait, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : throw new DeployInputException($"--lock-wait takes a whole number of seconds (got '{LockWait}')");

    /// <summary>--since: the metrics' window, a whole number of hours (h), days (d) or weeks (w), at most 366 days; 30 days unless given.</summary>
    public TimeSpan MetricsWindow() => MetricsWindow(Since);

    public static TimeSpan MetricsWindow(string? value)
    {
        if (value is null)
        {
            return DefaultMetricsWindow;
        }

        var unit = value.Length > 1 ? char.ToLowerInvariant(value[^1]) : ' ';
        TimeSpan? window = int.TryParse(value.AsSpan(0, Math.Max(value.Length - 1, 0)), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? unit switch
            {
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7.0 * n),
                _ => null,
            }
            : null;
        return window is { } w && w <= TimeSpan.FromDays(366)
            ? w
            : throw new DeployInputException($"--since takes a window such as 30d, 12h or 2w, at most 366 days (got '{value}')");
    }

    /// <summary>DEPLOY_WEBHOOK_URL: an absolute http(s) URL, or none. The error never repeats the value (it is a secret).</summary>
    public Uri? WebhookUri() => WebhookUri(WebhookUrl);

    public static Uri? WebhookUri(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri
        : throw new DeployInputException($"{EnvVars.DeployWebhookUrl} must be an absolute https:// (or http://) URL");
}
