using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Tools.Processes;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tools.Terragrunt;

/// <summary>The terragrunt program over a whole environment (`run --all`); exit codes turned into meaning here.</summary>
public sealed class TerragruntRunner(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools, ICakeLog log)
    : IacTool<TerragruntRunAllSettings>(fileSystem, environment, processRunner, tools, log)
{
    /// <summary>
    /// Plans every unit (saved under OutDir/JsonOutDir); 2 from any unit means changes. The run's lines come back
    /// too: they say which units were planned with mock outputs (<see cref="MockOutputWarnings"/>).
    /// </summary>
    public (PlanExit Exit, ProcessResult Run) Plan(TerragruntRunAllSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var run = Execute(settings, settings.Arguments(), OutputMode.Stream, "terragrunt");
        return (PlanExitCodes.Interpret(run.ExitCode, () => $"terragrunt run --all plan failed (exit {run.ExitCode}): {run.ErrorLine}"), run);
    }

    public void Apply(TerragruntRunAllSettings settings) => Run(settings, OutputMode.Stream);

    /// <summary>One `output -json` document per unit, in the order terragrunt printed them.</summary>
    public IReadOnlyList<string> Output(TerragruntRunAllSettings settings) =>
        JsonDocuments.Split(Run(settings, OutputMode.Capture).StdOut);

    public void Destroy(TerragruntRunAllSettings settings) => Run(settings, OutputMode.Stream);

    protected override string GetToolName() => "terragrunt";

    protected override IEnumerable<string> GetToolExecutableNames() => ["terragrunt", "terragrunt.exe"];

    private ProcessResult Run(TerragruntRunAllSettings settings, OutputMode mode)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Require(Execute(settings, settings.Arguments(), mode, "terragrunt"), "terragrunt run --all " + settings.Command, 0);
    }
}
