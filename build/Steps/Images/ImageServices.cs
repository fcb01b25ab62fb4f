using Cake.Core.Diagnostics;
using Deploy.Build.Aws.Ecr;
using Deploy.Build.Tools.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Steps.Images;

/// <summary>Registers the image area: ECR client, Docker tool, the registry for the environment, EnsureEcr/Build/Push logic.</summary>
public static class ImageServices
{
    public static IServiceCollection AddImageServices(this IServiceCollection services)
    {
        services.AddSingleton<IEcrClient>(sp =>
        {
            var log = sp.GetRequiredService<ICakeLog>();
            return new EcrClient(sp.GetRequiredService<DeployContext>().Aws, onRetry: message => log.Verbose("ECR {0}", message));
        });
        services.AddSingleton(sp => CreateRegistry(sp.GetRequiredService<DeployContext>(), sp.GetRequiredService<IEcrClient>()));
        services.AddSingleton<DockerTool>();
        // Creating and correcting repositories is infrastructure: the infra role (the plan role in a dry run).
        services.AddSingleton(sp =>
        {
            var context = sp.GetRequiredService<DeployContext>();
            var log = sp.GetRequiredService<ICakeLog>();
            var ecr = new EcrClient(context.AwsAs(Aws.Sts.DeployRoles.ForInfrastructure(context.DryRun)), onRetry: message => log.Verbose("ECR {0}", message));
            return new RepositoryEnsurer(ecr, sp.GetRequiredService<IEcrUnitApplier>(), log);
        });
        services.AddSingleton<ImageBuilder>();
        services.AddSingleton<ImagePusher>();
        services.AddSingleton<ImagePromoter>();
        return services;
    }

    /// <summary>ECR in AWS, the local registry on the local cloud (the images stage's one look at the environment).</summary>
    public static IImageRegistry CreateRegistry(DeployContext context, IEcrClient ecr)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsLocal)
        {
            return new EcrImageRegistry(ecr);
        }

        var username = Environment.GetEnvironmentVariable(EnvVars.LocalCloudRegistryUsername);
        var password = Environment.GetEnvironmentVariable(EnvVars.LocalCloudRegistryPassword);
        var address = context.LocalCloud.RegistryEndpoint;
        return new DistributionRegistry(address, string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) ? null : new RegistryLogin(address, username, password));
    }
}
