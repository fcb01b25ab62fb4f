using Deploy.Build.Steps.Images;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Applies the ECR unit alone, before images are pushed (`terraform apply -target=module.ecr` on the
/// local root; `terragrunt run --all --filter '{./ecr}'` on AWS). Same plan, guard and dry-run rules
/// as TerragruntApply.
/// </summary>
public sealed class EcrUnitApplier(InfraApplier applier) : IEcrUnitApplier
{
    public const string Unit = "ecr";

    public Task ApplyAsync(DeployContext context, CancellationToken ct) =>
        Task.Run(() => applier.PlanAndApply(context, Unit), ct);
}
