using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Deploy.Build.Tools.Terragrunt;

/// <summary>
/// terragrunt's current CLI for a whole environment: `terragrunt run --all --non-interactive
/// [--filter '{./unit}'] [--out-dir D] [--json-out-dir J] -- COMMAND ARGS`. Unit plans are saved per
/// unit under the out dirs (D/&lt;unit&gt;/tfplan.tfplan, J/&lt;unit&gt;/tfplan.json) so that apply runs exactly them.
/// </summary>
public sealed class TerragruntRunAllSettings : ToolSettings
{
    /// <summary>The terraform command run in every unit: plan, apply, output, destroy.</summary>
    public required string Command { get; set; }

    /// <summary>Arguments passed through to terraform after `--`.</summary>
    public IList<string> TerraformArguments { get; } = [];

    /// <summary>Units to run, as folders relative to the environment (each becomes --filter '{./unit}').</summary>
    public IList<string> Units { get; } = [];

    public string? OutDir { get; set; }

    public string? JsonOutDir { get; set; }

    /// <summary>Terraform's stdout as is (no log prefixes), for output -json.</summary>
    public bool ForwardTerraformStdout { get; set; }

    public ProcessArgumentBuilder Arguments()
    {
        var args = new ProcessArgumentBuilder();
        args.Append("run").Append("--all").Append("--non-interactive").Append("--no-color");
        foreach (var unit in Units)
        {
            args.Append("--filter").AppendQuoted("{./" + unit.Trim('/') + "}");
        }

        if (OutDir is not null)
        {
            args.Append("--out-dir").AppendQuoted(OutDir);
        }

        if (JsonOutDir is not null)
        {
            args.Append("--json-out-dir").AppendQuoted(JsonOutDir);
        }

        if (ForwardTerraformStdout)
        {
            args.Append("--tf-forward-stdout");
        }

        args.Append("--").Append(Command);
        foreach (var argument in TerraformArguments)
        {
            args.Append(argument);
        }

        return args;
    }

    public static TerragruntRunAllSettings Plan(bool destroy = false)
    {
        var settings = new TerragruntRunAllSettings { Command = "plan" };
        settings.TerraformArguments.Add("-detailed-exitcode");
        settings.TerraformArguments.Add("-input=false");
        settings.TerraformArguments.Add("-lock-timeout=60s");
        if (destroy)
        {
            settings.TerraformArguments.Add("-destroy");
        }

        return settings;
    }

    /// <summary>Applies the saved unit plans under <see cref="OutDir"/> (terragrunt adds -auto-approve when non-interactive).</summary>
    public static TerragruntRunAllSettings Apply() => WithInput(new TerragruntRunAllSettings { Command = "apply" });

    public static TerragruntRunAllSettings Output()
    {
        var settings = new TerragruntRunAllSettings { Command = "output", ForwardTerraformStdout = true };
        settings.TerraformArguments.Add("-json");
        return settings;
    }

    public static TerragruntRunAllSettings Destroy() => WithInput(new TerragruntRunAllSettings { Command = "destroy" });

    private static TerragruntRunAllSettings WithInput(TerragruntRunAllSettings settings)
    {
        settings.TerraformArguments.Add("-input=false");
        settings.TerraformArguments.Add("-lock-timeout=60s");
        return settings;
    }
}
