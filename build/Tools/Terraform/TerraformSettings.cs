using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Deploy.Build.Tools.Terraform;

/// <summary>
/// Settings of one terraform command. Properties map to flags in <see cref="AppendArguments"/>, in one
/// place per command; secrets never go here (they travel as TF_VAR_* in <see cref="ToolSettings.EnvironmentVariables"/>).
/// </summary>
public abstract class TerraformSettings : ToolSettings
{
    public abstract string Command { get; }

    /// <summary>The full argument list, command first.</summary>
    public ProcessArgumentBuilder Arguments()
    {
        var args = new ProcessArgumentBuilder();
        args.Append(Command);
        AppendArguments(args);
        return args;
    }

    protected abstract void AppendArguments(ProcessArgumentBuilder args);

    protected static void AppendTargets(ProcessArgumentBuilder args, IEnumerable<string> targets)
    {
        foreach (var target in targets)
        {
            args.Append("-target=" + target);
        }
    }
}

/// <summary>terraform init -input=false [-reconfigure] [-backend=false] [-backend-config=k=v ...]</summary>
public sealed class TerraformInitSettings : TerraformSettings
{
    public override string Command => "init";

    /// <summary>Partial backend configuration (e.g. path=.../local.tfstate). Values are paths and names, never secrets.</summary>
    public IDictionary<string, string> BackendConfig { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Ignore any saved backend configuration (the state path moves with the checkout).</summary>
    public bool Reconfigure { get; set; } = true;

    public bool Backend { get; set; } = true;

    protected override void AppendArguments(ProcessArgumentBuilder args)
    {
        args.Append("-input=false").Append("-no-color");
        if (!Backend)
        {
            args.Append("-backend=false");
        }

        if (Reconfigure)
        {
            args.Append("-reconfigure");
        }

        foreach (var (key, value) in BackendConfig)
        {
            args.Append("-backend-config=" + key + "=" + value);
        }
    }
}

/// <summary>terraform plan -detailed-exitcode -out=FILE [-destroy] [-target=...]</summary>
public sealed class TerraformPlanSettings : TerraformSettings
{
    public override string Command => "plan";

    public required string OutFile { get; set; }

    public bool Destroy { get; set; }

    public IList<string> Targets { get; } = [];

    protected override void AppendArguments(ProcessArgumentBuilder args)
    {
        args.Append("-detailed-exitcode").Append("-input=false").Append("-no-color").Append("-lock-timeout=60s");
        args.AppendQuoted("-out=" + OutFile);
        if (Destroy)
        {
            args.Append("-destroy");
        }

        AppendTargets(args, Targets);
    }
}

/// <summary>terraform apply PLANFILE: exactly the saved plan, nothing re-planned.</summary>
public sealed class TerraformApplySettings : TerraformSettings
{
    public override string Command => "apply";

    public required string PlanFile { get; set; }

    protected override void AppendArguments(ProcessArgumentBuilder args) =>
        args.Append("-input=false").Append("-no-color").Append("-lock-timeout=60s").AppendQuoted(PlanFile);
}

/// <summary>terraform show -json PLANFILE</summary>
public sealed class TerraformShowSettings : TerraformSettings
{
    public override string Command => "show";

    public required string PlanFile { get; set; }

    protected override void AppendArguments(ProcessArgumentBuilder args) =>
        args.Append("-json").Append("-no-color").AppendQuoted(PlanFile);
}

/// <summary>terraform output -json</summary>
public sealed class TerraformOutputSettings : TerraformSettings
{
    public override string Command => "output";

    protected override void AppendArguments(ProcessArgumentBuilder args) => args.Append("-json").Append("-no-color");
}

/// <summary>terraform destroy -auto-approve [-target=...]</summary>
public sealed class TerraformDestroySettings : TerraformSettings
{
    public override string Command => "destroy";

    public IList<string> Targets { get; } = [];

    protected override void AppendArguments(ProcessArgumentBuilder args)
    {
        args.Append("-auto-approve").Append("-input=false").Append("-no-color").Append("-lock-timeout=60s");
        AppendTargets(args, Targets);
    }
}
