using System.Globalization;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Logs;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Services;
using Deploy.Build.Tools.Docker;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Build.Tests.Ecs;

/// <summary>Opens sessions against the test's own moto and data plane (the production factory reads the ports from the environment).</summary>
public sealed class TestSessionFactory(EcsMoto moto, string project, string stateDirectory) : IEcsSessionFactory
{
    public EcsSession Open(DeployContext context, Action<string> log) =>
        new(new EcsClient(moto.Settings), context.IsLocal
            ? new LocalDockerPlatform(new EcsClient(moto.Settings), new SsmSecretResolver(moto.Settings), new DockerCli(),
                new LocalDataPlaneSettings(project, stateDirectory, TimeSpan.FromSeconds(10)), log)
            : new AwsEcsPlatform(new EcsClient(moto.Settings), new LogsClient(moto.Settings), log));
}
