using Deploy.Build.Tools.Processes;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.LocalCloud;

/// <summary>Finds programs on PATH (a seam, so tests can pretend a binary is missing).</summary>
public sealed class ToolLocator(Func<string, string?> locate)
{
    public ToolLocator()
        : this(name => ProcessRunner.Locate(name))
    {
    }

    public string? Locate(string name) => locate(name);
}

/// <summary>Makes the supervisor for the context's local cloud settings.</summary>
public sealed class LocalCloudFactory(ToolLocator tools)
{
    public LocalCloudSupervisor Create(LocalCloudSettings settings, Action<string>? log = null) => new(settings, tools.Locate, log);

    public DockerEngine Docker() => new(tools.Locate);
}

public static class LocalCloudServiceCollectionExtensions
{
    public static IServiceCollection AddLocalCloudServices(this IServiceCollection services)
    {
        services.AddSingleton<ToolLocator>();
        services.AddSingleton<LocalCloudFactory>();
        return services;
    }
}
