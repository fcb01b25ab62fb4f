using System.Reflection;

namespace Cake.Frosting;

/// <summary>One discovered task class with what its attributes say.</summary>
public sealed record TaskInfo(
    Type Type,
    string Name,
    string? Description,
    IReadOnlyList<Type> DependsOn,
    IReadOnlyList<Type> DependeeOf,
    bool ContinueOnError);

/// <summary>Finds task classes by reflection, the way Cake.Frosting does.</summary>
public static class TaskCatalog
{
    public static IReadOnlyList<TaskInfo> Discover(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(t))
            .Select(Describe)
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    public static TaskInfo Describe(Type type) => new(
        type,
        NameOf(type),
        type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description,
        type.GetCustomAttributes<IsDependentOnAttribute>().Select(a => a.Task).ToList(),
        type.GetCustomAttributes<IsDependeeOfAttribute>().Select(a => a.Task).ToList(),
        type.GetCustomAttribute<ContinueOnErrorAttribute>() is not null);

    public static string NameOf(Type type) => type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;
}
