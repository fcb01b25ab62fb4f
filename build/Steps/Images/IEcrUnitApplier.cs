namespace Deploy.Build.Steps.Images;

/// <summary>
/// Applies the IaC `ecr` unit alone, before images are pushed (seed 003, step 1): `terraform apply
/// -target=module.ecr` on the local root, `terragrunt --filter ecr` in AWS. Implemented by the
/// Terraform runner; until it is registered, <see cref="UnavailableEcrUnitApplier"/> answers and
/// EnsureEcr creates the repositories through the API instead.
/// </summary>
public interface IEcrUnitApplier
{
    Task ApplyAsync(DeployContext context, CancellationToken ct);
}

/// <summary>Thrown by an applier that cannot run here; EnsureEcr then falls back to the API.</summary>
public sealed class EcrUnitApplierUnavailableException(string reason) : Exception(reason);

/// <summary>The default: no IaC runner is wired in, so nothing applies the ecr unit.</summary>
public sealed class UnavailableEcrUnitApplier : IEcrUnitApplier
{
    public Task ApplyAsync(DeployContext context, CancellationToken ct) =>
        throw new EcrUnitApplierUnavailableException("IaC applier not available");
}
