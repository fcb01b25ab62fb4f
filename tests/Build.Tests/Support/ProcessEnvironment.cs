namespace Deploy.Build.Tests.Support;

/// <summary>
/// Tests that change the process's environment variables (or other process-wide settings): xunit runs such a
/// collection on its own, after the parallel collections, so no other test sees the changed values.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentGroup
{
    public const string Name = "process environment";
}

/// <summary>
/// Environment variables set for one test and put back as they were (set or unset) on dispose.
/// Use it only in <see cref="ProcessEnvironmentGroup"/>.
/// </summary>
public sealed class ProcessEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _original = new(StringComparer.Ordinal);
    private readonly List<Action> _restore = [];

    /// <summary>Sets (or, with null, unsets) <paramref name="name"/>; the first call for a name remembers its value.</summary>
    public ProcessEnvironment Set(string name, string? value)
    {
        _original.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public ProcessEnvironment Unset(params string[] names)
    {
        foreach (var name in names)
        {
            Set(name, null);
        }

        return this;
    }

    /// <summary>Something else process-wide to put back on dispose (after the variables).</summary>
    public ProcessEnvironment OnDispose(Action restore)
    {
        _restore.Add(restore);
        return this;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _original)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _original.Clear();
        foreach (var restore in _restore)
        {
            restore();
        }

        _restore.Clear();
    }
}
