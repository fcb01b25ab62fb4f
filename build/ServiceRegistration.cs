using Cake.Core.Diagnostics;
using Deploy.Build.LocalCloud;
using Deploy.Build.Images;
using Deploy.Build.Infrastructure;
using Deploy.Build.Ecs;
using Deploy.Build.Preflight;
using Deploy.Build.Secrets;
using Deploy.Build.Ssm;
using Deploy.Build.StaticSite;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build;

/// <summary>The pipeline's services: one interface per concern, AWS and local implementations behind it.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddDeployServices(this IServiceCollection services)
    {
        // Every log line passes through the secret registry before it is written.
        var secrets = SecretRegistry.FromEnvironment();
        services.AddSingleton(secrets);
        var hostLog = services.Last(d => d.ServiceType == typeof(ICakeLog)).ImplementationInstance as ICakeLog
                      ?? throw new InvalidOperationException("the host registered no log instance");
        services.AddSingleton<ICakeLog>(new RedactingLog(hostLog, secrets));

        services.AddSingleton<ICallerIdentity, StsCallerIdentity>();
        services.AddSingleton<IParameterReader, SsmParameterReader>();
        services.AddLocalCloudServices();
        services.AddImageServices();
        services.AddStaticSiteServices();
        services.AddInfrastructureServices();
        services.AddEcsServices();
        return services;
    }
}
