using System.Text.RegularExpressions;

namespace Deploy.Build.Tools.Terragrunt;

/// <summary>
/// Terragrunt's warning when a unit's inputs were filled from a dependency's <c>mock_outputs</c> because the
/// dependency has no state yet (config/dependency.go at v0.97.0, pkg/config/dependency.go at v1.1.3):
/// <c>Config ../network/terragrunt.hcl is a dependency of /…/security/terragrunt.hcl that has no outputs, but mock
/// outputs provided and returning those in dependency output.</c> A plan made from such inputs must never be
/// applied (Terraform applies a saved plan with the values it was planned with: the mocks).
/// </summary>
public static partial class MockOutputWarnings
{
    /// <summary>The terragrunt.hcl paths of the units that were planned with mock outputs, each once.</summary>
    public static IReadOnlyList<string> DependentConfigs(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Select(l => Warning().Match(l)).Where(m => m.Success).Select(m => m.Groups["dependent"].Value)
            .Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The units (folders relative to <paramref name="environmentRoot"/>) planned with mock outputs.</summary>
    public static IReadOnlySet<string> Units(IEnumerable<string> lines, string environmentRoot) =>
        DependentConfigs(lines)
            .Select(config => Path.GetRelativePath(environmentRoot, Path.GetDirectoryName(Path.GetFullPath(config, environmentRoot))!).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"Config (?<dependency>\S+) is a dependency of (?<dependent>\S+) that has no outputs, but mock outputs provided", RegexOptions.CultureInvariant)]
    private static partial Regex Warning();
}
