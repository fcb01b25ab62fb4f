using Deploy.Build.Ecs;
using Deploy.Build.Preflight;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build;

/// <summary>The pipeline's services: one interface per concern, AWS and local implementations behind it.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddDeployServices(this IServiceCollection services)
    {
        services.AddSingleton<ICallerIdentity, StsCallerIdentity>();
        services.AddEcsServices();
        return services;
    }
}
