namespace Deploy.Build.Utilities;

/// <summary>One pipeline option: its name, whether it takes a value, and what it means.</summary>
public sealed record ArgumentSpec(string Name, string Help, bool IsFlag = false, IReadOnlyList<string>? Allowed = null);

/// <summary>The pipeline's own command-line options (Cake's host options live in HostOptions).</summary>
public static class Arguments
{
    public const string Environment = "environment";
    public const string DryRun = "dry-run";
    public const string Config = "config";
    public const string AllowDestroy = "allow-destroy";
    public const string PlanAll = "plan-all";
    public const string ForceMigrations = "force-migrations";
    public const string Count = "count";
    public const string Parallelism = "parallelism";
    public const string TestFilter = "test-filter";
    public const string LockWait = "lock-wait";
    public const string Reset = "reset";
    public const string Metrics = "metrics";
    public const string Since = "since";
    public const string Benchmark = "benchmark";
    public const string To = "to";

    public static readonly IReadOnlyList<string> Environments = ["local", "staging", "production"];

    public static readonly IReadOnlyList<ArgumentSpec> All =
    [
        new(Environment, "Target environment (default: local).", Allowed: Environments),
        new(DryRun, "Read-only run: every change is printed as what would happen; nothing is changed.", IsFlag: true),
        new(Config, "Deploy configuration file (default: deploy.yml at the repository root)."),
        new(AllowDestroy, "Let an infrastructure plan destroy stateful resources (database, buckets).", IsFlag: true),
        new(PlanAll, "Plan the local root even when its IaC, inputs and state are as the last apply left them (finds drift made outside Terraform).", IsFlag: true),
        new(ForceMigrations, "Run the migrations even when this image, command, task definition and infrastructure already migrated successfully (after a database restore).", IsFlag: true),
        new(Count, "Desired task count for ScaleServices; number of records for History and Releases."),
        new(To, "Rollback: the release to put back, by id or version (Releases lists them; default: the last good release before the live one)."),
        new(Parallelism, "Maximum images built at once (default: from config)."),
        new(TestFilter, "dotnet test --filter expression for the Test target."),
        new(LockWait, "Seconds to wait for another deploy's lock on the environment (default 0: fail at once, naming the holder)."),
        new(Reset, "LocalDown: also delete the local cloud's state folder (databases, registry images, logs).", IsFlag: true),
        new(Metrics, "History: print the DORA metrics (deployment frequency, lead time, change failure rate, time to restore) instead of the list.", IsFlag: true),
        new(Since, "History --metrics and the run summary's metrics: the window, e.g. 30d, 12h, 2w (default 30d)."),
        new(Benchmark, "Benchmark: run only the four deploys or only the static sync (default: both).", Allowed: ["deploys", "sync"]),
    ];

    public static ArgumentSpec? Find(string name) =>
        All.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
