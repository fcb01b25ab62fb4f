using Deploy.Build.Configuration;

namespace Deploy.Build.Steps.Preflight;

/// <summary>
/// An external program a run needs, how to ask its version, and how to get it; where the pipeline's command lines
/// depend on the version, the supported range (<see cref="Minimum"/> inclusive, <see cref="Below"/> exclusive).
/// </summary>
public sealed record ToolRequirement(string Name, string VersionArgs, string InstallHint)
{
    public Version? Minimum { get; init; }

    public Version? Below { get; init; }

    /// <summary>Why the range is what it is, for the refusal.</summary>
    public string? RangeReason { get; init; }

    public bool HasRange => Minimum is not null || Below is not null;

    /// <summary>"0.97.0 up to (not including) 2.0.0".</summary>
    public string RangeText =>
        (Minimum, Below) switch
        {
            ({ } min, { } below) => $"{min} up to (not including) {below}",
            ({ } min, null) => $"{min} or newer",
            (null, { } below) => $"below {below}",
            _ => "any",
        };

    public bool Supports(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return (Minimum is null || version >= Minimum) && (Below is null || version < Below);
    }

    /// <summary>The first x.y.z in a version line ("terragrunt version v0.97.0", "Terraform v1.11.4").</summary>
    public static Version? ParseVersion(string? line)
    {
        var match = line is null ? null : System.Text.RegularExpressions.Regex.Match(line, @"(\d+)\.(\d+)\.(\d+)");
        return match is { Success: true }
            ? new Version(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }
}

/// <summary>Decides which tools a deploy of an environment needs.</summary>
public static class ToolRequirements
{
    public static readonly ToolRequirement Git = new("git", "--version", "run sudo apt-get install -y git");
    public static readonly ToolRequirement Docker = new("docker", "version --format {{.Client.Version}}", "run ./build.sh --target=Setup (installs docker.io and starts the engine, or prints the one sudo command that does; elsewhere Docker Desktop)");
    /// <summary>1.11: write-only arguments keep the database password out of state and plans.</summary>
    public static readonly ToolRequirement Terraform = new("terraform", "version", "run mise install terraform (mise.toml pins 1.11.4; mise: https://mise.jdx.dev)")
    {
        Minimum = new Version(1, 11, 0),
        RangeReason = "write-only arguments keep the database password out of state and plans",
    };

    /// <summary>
    /// 0.97.0: `run --all --filter` is general (0.91.2 to 0.96.x refuse it without --experiment filter-flag; older
    /// releases lack it). 1.x keeps the run, --filter, --out-dir, --json-out-dir and --tf-forward-stdout flags;
    /// checked against Terragrunt's source at v0.97.0 and v1.1.3.
    /// </summary>
    public static readonly ToolRequirement Terragrunt = new("terragrunt", "--version", "run mise install terragrunt (mise.toml pins 1.1.3)")
    {
        Minimum = new Version(0, 97, 0),
        Below = new Version(2, 0, 0),
        RangeReason = "--filter is general from 0.97.0",
    };

    public static IReadOnlyList<ToolRequirement> For(DeployConfig config, EnvironmentConfig environment)
    {
        var tools = new List<ToolRequirement> { Git };
        if (config.Images.Count > 0)
        {
            tools.Add(Docker);
        }

        tools.Add(Terraform);
        if (environment.Runner == IacRunner.Terragrunt)
        {
            tools.Add(Terragrunt);
        }

        return tools;
    }
}
