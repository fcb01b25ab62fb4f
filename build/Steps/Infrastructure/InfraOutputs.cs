using System.Text.Json;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// The infrastructure output contract (infra/terraform/OUTPUTS.md), the same names in every environment.
/// Read from `terraform output -json` (local) or merged across Terragrunt units; never written by hand.
/// </summary>
public sealed record InfraOutputs(
    IReadOnlyDictionary<string, string> EcrRepositoryUrls,
    IReadOnlyDictionary<string, string> EcrRepositoryNames,
    string EcsClusterName,
    IReadOnlyDictionary<string, string> EcsServiceNames,
    IReadOnlyDictionary<string, string> EcsTaskDefinitionFamilies,
    IReadOnlyDictionary<string, string> EcsContainerNames,
    IReadOnlyList<string> TaskSubnetIds,
    IReadOnlyList<string> TaskSecurityGroupIds,
    bool TaskAssignPublicIp,
    string AssetsBucketName,
    string CloudFrontDistributionId,
    string CloudFrontDomainName,
    IReadOnlyDictionary<string, string> SsmParameterNames,
    IReadOnlyDictionary<string, string> LogGroupNames,
    string AlbDnsName,
    string SmokeTestHeaderName = "",
    string SmokeTestTokenParameterName = "")
{
    /// <summary>Reads the contract from one `output -json` document (or several merged, for Terragrunt units).</summary>
    public static InfraOutputs FromJson(IEnumerable<string> outputJsonDocuments)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var json in outputJsonDocuments)
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var output in doc.RootElement.EnumerateObject())
            {
                values[output.Name] = output.Value.GetProperty("value").Clone();
            }
        }

        return new InfraOutputs(
            Map(values, "ecr_repository_urls"),
            Map(values, "ecr_repository_names"),
            Text(values, "ecs_cluster_name"),
            Map(values, "ecs_service_names"),
            Map(values, "ecs_task_definition_families"),
            Map(values, "ecs_container_names"),
            List(values, "task_subnet_ids"),
            List(values, "task_security_group_ids"),
            values.TryGetValue("task_assign_public_ip", out var ip) && ip.ValueKind == JsonValueKind.True,
            Text(values, "assets_bucket_name"),
            Text(values, "cloudfront_distribution_id"),
            Text(values, "cloudfront_domain_name"),
            Map(values, "ssm_parameter_names"),
            Map(values, "log_group_names"),
            Text(values, "alb_dns_name"),
            Text(values, "smoke_test_header_name"),
            Text(values, "smoke_test_token_parameter_name"));
    }

    private static string Text(Dictionary<string, JsonElement> values, string name) =>
        values.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static Dictionary<string, string> Map(Dictionary<string, JsonElement> values, string name) =>
        values.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static List<string> List(Dictionary<string, JsonElement> values, string name) =>
        values.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.ToString()).ToList()
            : [];
}
