using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Logs;
using Deploy.Build.LocalCloud;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.LocalCloud.Edge;
using Deploy.Build.Tools.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Steps.Services;

/// <summary>An ECS control-plane client and the container platform of one environment, opened for one task.</summary>
public sealed class EcsSession(IEcsClient ecs, IContainerPlatform platform, string? release = null,
    DeployLock.DeployStateStore? state = null) : IDisposable
{
    /// <summary>Where the last successful migration run is recorded (none: migrations always run).</summary>
    public DeployLock.DeployStateStore? State { get; } = state;

    public IEcsClient Ecs { get; } = ecs;

    public IContainerPlatform Platform { get; } = platform;

    /// <summary>New revisions carry <paramref name="release"/> as APP_VERSION: the release that last changed the service.</summary>
    public ServiceRollout Rollout => new(Ecs, Platform, release);

    public MigrationRunner Migrations => new(Ecs, Platform, release);

    public void Dispose()
    {
        Platform.Dispose();
        Ecs.Dispose();
    }
}

/// <summary>Opens the environment's ECS session: AWS runs tasks on ECS; local runs them on the Docker data plane.</summary>
public interface IEcsSessionFactory
{
    EcsSession Open(DeployContext context, Action<string> log);
}

public sealed class EcsSessionFactory : IEcsSessionFactory
{
    /// <summary>How long the local data plane waits for a new container's health check.</summary>
    public static readonly TimeSpan LocalHealthTimeout = TimeSpan.FromSeconds(90);

    public EcsSession Open(DeployContext context, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aws = context.Aws;
        // The pipeline's ECS calls go as the deploy role; the container's secrets are read by the ECS agent with the
        // task execution role in AWS, a service-side read the local data plane makes with the account owner's keys.
        IContainerPlatform platform = context.IsLocal
            ? new LocalDockerPlatform(new EcsClient(aws), new SsmSecretResolver(LocalCloudIdentities.Admin(context.LocalCloud, context.Config.Region)), new DockerCli(),
                new LocalDataPlaneSettings(context.Config.Project, context.LocalCloud.StateDirectory, LocalHealthTimeout), log, LocalBalancing(context, log))
            : new AwsEcsPlatform(new EcsClient(aws), new LogsClient(aws), log);
        return new EcsSession(new EcsClient(aws), platform, context.ReleaseVersion, DeployLock.DeployStateLocation.StoreFor(context));
    }

    /// <summary>
    /// The local data plane registers tasks in their target groups and keeps the edge in step, as the account owner (ECS's
    /// service-linked role and CloudFront's own reads in AWS), once the infrastructure outputs name a distribution.
    /// </summary>
    private static LocalLoadBalancing? LocalBalancing(DeployContext context, Action<string> log)
    {
        if (context.Outputs?.CloudFrontDistributionId is not { Length: > 0 } distribution)
        {
            return null;
        }

        var owner = LocalCloudIdentities.Admin(context.LocalCloud, context.Config.Region);
        var edge = new LocalEdge(context.LocalCloud, owner, log);
        return new LocalLoadBalancing(new Elbv2Client(owner), ct => edge.RefreshAsync(distribution, ct), log);
    }
}

public static class EcsServiceRegistration
{
    /// <summary>The ECS rollout's services: the session factory (platform chosen per environment).</summary>
    public static IServiceCollection AddEcsServices(this IServiceCollection services)
    {
        services.AddSingleton<IEcsSessionFactory, EcsSessionFactory>();
        return services;
    }
}

/// <summary>Timeouts of the service waits (migrations take theirs from the configuration).</summary>
public static class RolloutTimeouts
{
    /// <summary>How long a service may take to become stable by default (longer than the CLI waiter's 10 minutes).</summary>
    public static readonly TimeSpan DefaultService = TimeSpan.FromMinutes(30);

    /// <summary>The service wait: <see cref="EnvVars.RolloutTimeoutMinutes"/> (whole minutes, 1 to 720) or the default.</summary>
    public static TimeSpan Service(string? minutes) =>
        string.IsNullOrWhiteSpace(minutes) ? DefaultService
        : int.TryParse(minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 720
            ? TimeSpan.FromMinutes(m)
            : throw new DeployInputException($"{EnvVars.RolloutTimeoutMinutes} must be whole minutes from 1 to 720 (got '{minutes}')");

    public static TimeSpan Service(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Service(context.Environment.GetEnvironmentVariable(EnvVars.RolloutTimeoutMinutes));
    }
}
