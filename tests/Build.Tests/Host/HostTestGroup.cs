namespace Deploy.Build.Tests.Host;

/// <summary>Host tests share the static recorder and the console: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostTestGroup
{
    public const string Name = "host";
}
