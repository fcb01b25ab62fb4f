using System.Reflection;
using Cake.Frosting;

namespace Deploy.Build.Tasks;

[TaskName("Default")]
[TaskDescription("Print the targets and options (what ./build.sh with no target does).")]
public sealed class HelpTask : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context) => Console.Out.Write(HelpText.Render());
}

/// <summary>The help page: targets with descriptions, then the pipeline's and Cake's options.</summary>
public static class HelpText
{
    public static string Render()
    {
        var targets = typeof(HelpText).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(t))
            .Select(t => (Name: t.GetCustomAttribute<TaskNameAttribute>()?.Name ?? t.Name,
                          Description: t.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty))
            .Where(t => t.Name != "Default")
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var width = targets.Max(t => t.Name.Length) + 2;
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage: ./build.sh --target=<Target> [--environment=local|staging|production] [--dry-run] [options]");
        text.AppendLine();
        text.AppendLine("Targets:");
        foreach (var (name, description) in targets)
        {
            text.Append("  ").Append(name.PadRight(width)).AppendLine(description);
        }

        text.AppendLine();
        text.AppendLine("Pipeline options:");
        foreach (var a in Arguments.All)
        {
            var usage = a.IsFlag ? $"--{a.Name}" : $"--{a.Name}=<value>";
            text.Append("  ").Append(usage.PadRight(26)).AppendLine(a.Description());
        }

        text.AppendLine();
        text.AppendLine("Cake options:");
        text.AppendLine("  --target=<Target>         Target to run (default: this help).");
        text.AppendLine("  --verbosity=<level>       quiet | minimal | normal | verbose | diagnostic.");
        text.AppendLine("  --dryrun|--noop|--whatif  Cake's dry run: print the task order, run nothing.");
        text.AppendLine("  --tree                    Print the task dependency tree.");
        text.AppendLine("  --description             List targets with their descriptions.");
        text.AppendLine("  --exclusive               Run the target without its dependencies.");
        text.AppendLine("  --version, --info         Print version or engine information.");
        return text.ToString();
    }

    private static string Description(this ArgumentSpec spec) => spec.Help;
}
