namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Refuses a plan that would destroy (or replace, which destroys first) a resource holding data,
/// unless --allow-destroy is given. Stateless resources (services, rules, roles) may be destroyed freely.
/// </summary>
public static class DestroyGuard
{
    /// <summary>
    /// Resource types whose loss loses data or identity that cannot be recreated: databases and their
    /// instances, buckets, tables, file systems, image repositories, encryption keys, stored secrets.
    /// </summary>
    public static readonly IReadOnlySet<string> StatefulResourceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_db_instance",
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_efs_file_system",
        "aws_ecr_repository",
        "aws_kms_key",
        "aws_secretsmanager_secret",
    };

    /// <summary>"unit: address (destroy|replace)" for every stateful resource the plans would delete.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<UnitPlan> plans) =>
        plans.SelectMany(p => p.Resources
                .Where(r => r.Deletes && StatefulResourceTypes.Contains(r.Type))
                .Select(r => $"{p.Unit}: {r.Address} ({(r.IsReplace ? "replace" : "destroy")})"))
            .ToList();

    /// <summary>Throws one line naming the resources unless destroying them was allowed.</summary>
    public static void Check(IEnumerable<UnitPlan> plans, bool allowDestroy)
    {
        var violations = Violations(plans);
        if (violations.Count > 0 && !allowDestroy)
        {
            throw new DestroyRefusedException(
                $"The plan destroys stateful resources: {string.Join("; ", violations)}. Nothing was applied; re-run with --{Arguments.AllowDestroy} if this is intended.");
        }
    }
}

public sealed class DestroyRefusedException(string message) : Exception(message);
