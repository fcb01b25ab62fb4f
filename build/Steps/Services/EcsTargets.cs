using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Steps.Services;

/// <summary>A deploy input that is missing or wrong: one line, raised before anything changes.</summary>
public sealed class DeployInputException(string message) : Exception(message);

/// <summary>Maps configured services to their ECS names (infrastructure outputs) and checks every input up front.</summary>
public static class EcsTargets
{
    public static InfraOutputs RequireOutputs(InfraOutputs? outputs) =>
        outputs ?? throw new DeployInputException("no infrastructure outputs: run TerragruntApply first (it reads the ECS cluster, services and task families)");

    public static ServiceTarget For(ServiceConfig service, InfraOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(outputs);
        if (string.IsNullOrEmpty(outputs.EcsClusterName))
        {
            throw new DeployInputException("infrastructure output ecs_cluster_name is empty");
        }

        var name = outputs.EcsServiceNames.GetValueOrDefault(service.Name)
                   ?? throw new DeployInputException($"service '{service.Name}' has no entry in infrastructure output ecs_service_names");
        var container = outputs.EcsContainerNames.GetValueOrDefault(service.Name)
                        ?? throw new DeployInputException($"service '{service.Name}' has no entry in infrastructure output ecs_container_names");
        return new ServiceTarget(service.Name, outputs.EcsClusterName, name, container, service.HealthPath);
    }

    public static IReadOnlyList<ServiceTarget> All(DeployConfig config, InfraOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Services.Select(s => For(s, outputs)).ToList();
    }

    /// <summary>The service whose image the migration uses (it lends the migration its task definition and settings).</summary>
    public static ServiceConfig MigrationService(DeployConfig config, MigrationConfig migrations)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(migrations);
        return config.Services.FirstOrDefault(s => s.Image == migrations.Image)
               ?? throw new DeployInputException($"migrations.image '{migrations.Image}' is not the image of any configured service");
    }

    public static TaskNetwork Network(InfraOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return outputs.TaskSubnetIds.Count == 0 || outputs.TaskSecurityGroupIds.Count == 0
            ? throw new DeployInputException("infrastructure outputs task_subnet_ids and task_security_group_ids must not be empty")
            : new TaskNetwork(outputs.TaskSubnetIds, outputs.TaskSecurityGroupIds, outputs.TaskAssignPublicIp);
    }

    /// <summary>The image pushed in this run for <paramref name="image"/>; null in a dry run that pushed nothing.</summary>
    public static PushedImage? Pushed(IReadOnlyDictionary<string, PushedImage> pushed, string image, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        return pushed.TryGetValue(image, out var found) ? found
            : dryRun ? null
            : throw new DeployInputException($"no pushed image '{image}' in this run: PushImages must run first (services deploy by digest)");
    }
}
