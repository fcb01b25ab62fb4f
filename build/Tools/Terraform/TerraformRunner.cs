using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Processes;

namespace Deploy.Build.Tools.Terraform;

/// <summary>What `plan -detailed-exitcode` said: 0 no changes, 2 changes; 1 (an error) never becomes a result.</summary>
public enum PlanExit
{
    NoChanges = 0,
    Changes = 2,
}

public static class PlanExitCodes
{
    /// <summary>Turns plan's detailed exit code into meaning; anything but 0 or 2 is the tool's error.</summary>
    public static PlanExit Interpret(int exitCode, Func<string> error) => exitCode switch
    {
        0 => PlanExit.NoChanges,
        2 => PlanExit.Changes,
        _ => throw new IacCommandException(error()),
    };
}

/// <summary>The terraform program: init, plan (saved), show -json, apply (of the saved plan), output -json, destroy.</summary>
public sealed class TerraformRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
    : IacTool<TerraformSettings>(fileSystem, environment, processRunner, tools, log)
{
    public void Init(TerraformInitSettings settings) => Run(settings, OutputMode.Stream);

    public PlanExit Plan(TerraformPlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var run = Execute(settings, settings.Arguments(), OutputMode.Stream, Prefix(settings));
        return PlanExitCodes.Interpret(run.ExitCode, () => $"terraform plan failed (exit {run.ExitCode}): {run.ErrorLine}");
    }

    /// <summary>The plan as JSON (terraform show -json): captured, not logged.</summary>
    public string Show(TerraformShowSettings settings) => Run(settings, OutputMode.Capture).StdOut;

    public void Apply(TerraformApplySettings settings) => Run(settings, OutputMode.Stream);

    /// <summary>All root outputs as JSON: captured, not logged (sensitive values are in it).</summary>
    public string Output(TerraformOutputSettings settings) => Run(settings, OutputMode.Capture).StdOut;

    public void Destroy(TerraformDestroySettings settings) => Run(settings, OutputMode.Stream);

    protected override string GetToolName() => "terraform";

    protected override IEnumerable<string> GetToolExecutableNames() => ["terraform", "terraform.exe"];

    private ProcessResult Run(TerraformSettings settings, OutputMode mode)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Require(Execute(settings, settings.Arguments(), mode, Prefix(settings)), "terraform " + settings.Command, 0);
    }

    private static string Prefix(TerraformSettings settings) =>
        settings.WorkingDirectory is { } dir ? "terraform " + dir.GetDirectoryName() : "terraform";
}
