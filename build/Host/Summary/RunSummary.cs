namespace Deploy.Build.Host.Summary;

public enum TaskOutcome
{
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>One task's line in the run summary.</summary>
public sealed class TaskRecord(string name)
{
    private readonly List<string> _changes = [];

    public string Name { get; } = name;

    public TimeSpan Duration { get; set; }

    public TaskOutcome Outcome { get; set; } = TaskOutcome.Succeeded;

    public string? Error { get; set; }

    public IReadOnlyList<string> Changes => _changes;

    /// <summary>The AWS identities (role names) the task called AWS as, in first-use order.</summary>
    public List<string> Identities { get; } = [];

    public void Add(string change) => _changes.Add(change);
}

/// <summary>What each task took and changed (or, in dry-run, would change).</summary>
public sealed class RunSummary
{
    private readonly List<TaskRecord> _tasks = [];
    private readonly Lock _gate = new();
    private TaskRecord? _current;

    public IReadOnlyList<TaskRecord> Tasks => _tasks;

    public void Begin(string task)
    {
        lock (_gate)
        {
            _current = new TaskRecord(task);
            _tasks.Add(_current);
        }
    }

    /// <summary>Records that the running task calls AWS as <paramref name="identity"/>.</summary>
    public void RanAs(string identity)
    {
        lock (_gate)
        {
            var task = _current ?? Implicit();
            if (!task.Identities.Contains(identity))
            {
                task.Identities.Add(identity);
            }
        }
    }

    /// <summary>Records a change made (or planned, in dry-run) by the running task.</summary>
    public void Change(string what)
    {
        lock (_gate)
        {
            (_current ?? Implicit()).Add(what);
        }
    }

    public void End(TimeSpan duration, TaskOutcome outcome, string? error)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            _current.Duration = duration;
            _current.Outcome = outcome;
            _current.Error = error;
            _current = null;
        }
    }

    private TaskRecord Implicit()
    {
        var record = new TaskRecord("(setup)");
        _tasks.Add(record);
        return record;
    }
}
