namespace Deploy.Build.Configuration;

/// <summary>One problem in the configuration file, located by file, line and key.</summary>
public sealed record ConfigProblem(string File, int Line, int Column, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Key}: {Message}";
}

/// <summary>The configuration is invalid; each problem is one line of the message.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
