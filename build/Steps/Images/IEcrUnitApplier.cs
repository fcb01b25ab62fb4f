namespace Deploy.Build.Steps.Images;

/// <summary>
/// Applies the IaC `ecr` unit alone, before images are pushed (seed 003, step 1): `terraform apply
/// -target=module.ecr` on the local root, `terragrunt --filter ecr` in AWS. Implemented by
/// Steps/Infrastructure/EcrUnitApplier (registered by AddInfrastructureServices).
/// </summary>
public interface IEcrUnitApplier
{
    Task ApplyAsync(DeployContext context, CancellationToken ct);
}
