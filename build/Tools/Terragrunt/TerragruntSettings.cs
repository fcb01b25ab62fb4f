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

    /// <summary>Terragrunt's provider cache server (safe for parallel unit inits) with its folder; null leaves it off.</summary>
    public string? ProviderCacheDirectory { get; set; }

    /// <summary>How many units run at once; null is Terragrunt's default.</summary>
    public int? Parallelism { get; set; }

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

        if (ProviderCacheDirectory is not null)
        {
            args.Append("--provider-cache").Append("--provider-cache-dir").AppendQuoted(ProviderCacheDirectory);
        }

        if (Parallelism is { } parallelism)
        {
            args.Append("--parallelism").Append(parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        args.Append("--").Append(Command);
        foreach (var argument in TerraformArguments)
        {
            args.Append(argument);
        }

        return args;
    }

    /// <summary>
    /// A saved plan of every unit. <paramref name="readOnly"/> (a dry run): -lock=false, so a plan that will never be
    /// applied does not hold the state locks a concurrent real deploy needs.
    /// </summary>
    public static TerragruntRunAllSettings Plan(bool destroy = false, bool readOnly = false)
    {
        var settings = new TerragruntRunAllSettings { Command = "plan" };
        settings.TerraformArguments.Add("-detailed-exitcode");
        settings.TerraformArguments.Add("-input=false");
        settings.TerraformArguments.Add(readOnly ? "-lock=false" : "-lock-timeout=60s");
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
        // One unit at a time: terragrunt flushes each unit's writer at every newline, so two units' multi-line JSON
        // printed in parallel can interleave (internal/runner/common/writer.go at v0.93.4).
        var settings = new TerragruntRunAllSettings { Command = "output", ForwardTerraformStdout = true, Parallelism = 1 };
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
