using Deploy.Build.Steps.Images;
using Deploy.Build.Tools.Terraform;
using Deploy.Build.Tools.Terragrunt;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Steps.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>Terraform/Terragrunt wrappers, the environment's runner, apply, outputs.</summary>
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services)
    {
        services.AddSingleton<TerraformRunner>();
        services.AddSingleton<TerragruntRunner>();
        services.AddSingleton<TerraformInfraRunner>();
        services.AddSingleton<TerragruntInfraRunner>();
        services.AddSingleton<ILocalTerraformVariables, LocalCloudTerraformVariables>();
        services.AddSingleton<InfraTargets>();
        services.AddSingleton<InfraApplier>();
        services.AddSingleton<IInfraOutputsReader, InfraOutputsReader>();
        services.AddSingleton<EcrUnitApplier>();
        services.AddSingleton<IEcrUnitApplier>(sp => sp.GetRequiredService<EcrUnitApplier>());
        return services;
    }
}
