using Deploy.Build.Configuration;

namespace Deploy.Build.Steps.Preflight;

/// <summary>An external program a run needs, how to ask its version, and how to get it.</summary>
public sealed record ToolRequirement(string Name, string VersionArgs, string InstallHint);

/// <summary>Decides which tools a deploy of an environment needs.</summary>
public static class ToolRequirements
{
    public static readonly ToolRequirement Git = new("git", "--version", "install git (e.g. apt-get install git)");
    public static readonly ToolRequirement Docker = new("docker", "version --format {{.Client.Version}}", "install Docker (apt-get install docker.io, or Docker Desktop)");
    public static readonly ToolRequirement Terraform = new("terraform", "version", "install Terraform 1.11+ (mise install terraform, see mise.toml)");
    public static readonly ToolRequirement Terragrunt = new("terragrunt", "--version", "install Terragrunt (mise install terragrunt, see mise.toml)");

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
