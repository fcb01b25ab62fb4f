using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.Aws.Sts;
using Deploy.Build.Host.Secrets;
using Deploy.Build.LocalCloud;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Notifications;
using Deploy.Build.Steps.Services;
using Deploy.Build.Steps.StaticSite;
using Deploy.Build.Tools.Processes;
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

        // Cake's tools (docker, terraform, terragrunt, dotnet test) start their programs through the one runner.
        services.AddSingleton<IProcessRunner, CakeProcessRunner>();
        services.AddSingleton<ICallerIdentity, StsCallerIdentity>();
        services.AddSingleton<IDeployStateStores, DeployStateStores>();
        services.AddSingleton(_ => new DeployNotifications());
        services.AddSingleton<IParameterReader, SsmParameterReader>();
        services.AddLocalCloudServices();
        services.AddImageServices();
        services.AddStaticSiteServices();
        services.AddInfrastructureServices();
        services.AddEcsServices();
        return services;
    }
}
