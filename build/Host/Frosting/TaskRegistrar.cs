using Cake.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>Turns task classes into Cake.Core engine tasks: action, criteria, error handler, finally, edges.</summary>
public static class TaskRegistrar
{
    public static void Register(ICakeEngine engine, ICakeContext context, IServiceProvider provider, IReadOnlyList<TaskInfo> tasks)
    {
        var known = tasks.ToDictionary(t => t.Type);
        foreach (var info in tasks)
        {
            var builder = engine.RegisterTask(info.Name);
            var instance = new Lazy<IFrostingTask>(() => (IFrostingTask)provider.GetRequiredService(info.Type));

            if (info.Description is not null)
            {
                builder.Description(info.Description);
            }

            builder.Does(async () => await instance.Value.RunAsync(context).ConfigureAwait(false));
            if (Overrides(info.Type, nameof(IFrostingTask.ShouldRun)))
            {
                builder.WithCriteria(() => instance.Value.ShouldRun(context));
            }

            if (Overrides(info.Type, nameof(IFrostingTask.OnError)))
            {
                builder.OnError(ex => instance.Value.OnError(ex, context));
            }

            if (Overrides(info.Type, nameof(IFrostingTask.Finally)))
            {
                builder.Finally(() => instance.Value.Finally(context));
            }

            if (info.ContinueOnError)
            {
                builder.ContinueOnError();
            }

            foreach (var dependency in info.DependsOn)
            {
                builder.IsDependentOn(NameOf(dependency, info, known));
            }

            foreach (var dependee in info.DependeeOf)
            {
                builder.IsDependeeOf(NameOf(dependee, info, known));
            }
        }
    }

    private static string NameOf(Type type, TaskInfo owner, Dictionary<Type, TaskInfo> known) =>
        known.TryGetValue(type, out var target)
            ? target.Name
            : throw new InvalidOperationException(
                $"Task '{owner.Name}' refers to '{type.Name}', which is not a task class.");

    // As in Cake.Frosting, only hooks a task overrides are attached; an OnError handler marks the error handled.
    private static bool Overrides(Type type, string method) =>
        type.GetMethods().Any(m => m.Name == method && m.DeclaringType?.Namespace != typeof(TaskRegistrar).Namespace);
}
