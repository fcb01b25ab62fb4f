using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.Aws.Logs;
using Deploy.Build.Aws.Ssm;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Images;
using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Steps.Verify;

/// <summary>What the verify looks at: the deploy's inputs, already typed.</summary>
public sealed record VerifyInputs(
    DeployConfig Config,
    string EnvironmentName,
    InfraOutputs Outputs,
    IReadOnlyDictionary<string, PushedImage> PushedImages,
    bool DryRun);

/// <summary>The clients the verify reads with (every call a read), each as the run's deploy identity.</summary>
public sealed record VerifyClients(IEcsClient Ecs, IElbv2Client Elbv2, ILogsClient Logs, IParameterReader Parameters, AwsSettings Aws, IImageRegistry Registry);

/// <summary>The verify's outcome: the problems (one line each, naming the resource), what was checked, and notes.</summary>
public sealed record VerifyReport(IReadOnlyList<string> Problems, IReadOnlyList<string> Checked, IReadOnlyList<string> Notes)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// The pre-rollout verify (ecspresso's <c>verify</c>), read-only and also in a dry run: the roles the rest of the run
/// uses can be assumed, every image a service will run exists (or is built by this run), each service's target group
/// matches its container name, port and health path, the secrets its task definition references exist, and its log
/// groups exist. Everything is checked before the first failure is reported, so one run lists every problem.
/// </summary>
public static class DeployVerifier
{
    /// <param name="roles">The roles the rest of this run calls AWS as, with their settings.</param>
    public static async Task<VerifyReport> VerifyAsync(VerifyInputs inputs, VerifyClients clients, IReadOnlyList<(string Name, AwsSettings Settings)> roles,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(roles);
        var problems = new List<string>();
        var checkedItems = new List<string>();
        var notes = new List<string>();

        foreach (var (name, settings) in roles)
        {
            // Resolving the credentials is the role session itself (AssumeRoleWithWebIdentity with the job's token, or the
            // default chain): a trust policy that refuses the token fails here, naming the role.
            try
            {
                await settings.Credentials().GetCredentialsAsync().ConfigureAwait(false);
                checkedItems.Add($"role {name}: {settings.Identity}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"role {name} ({settings.Identity}) cannot be assumed: {ex.Message.Split('\n')[0].Trim()}");
            }
        }

        await CheckImagesAsync(inputs, clients.Registry, problems, checkedItems, notes, ct).ConfigureAwait(false);

        var targets = inputs.Config.Services.Select(s => (Config: s, Target: EcsTargets.For(s, inputs.Outputs))).ToList();
        var described = targets.Count == 0 ? [] : await DescribeServicesAsync(clients.Ecs, inputs.Outputs.EcsClusterName, targets.Select(t => t.Target.ServiceName).ToList(), ct).ConfigureAwait(false);
        var definitions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (config, target) in targets)
        {
            if (!described.TryGetValue(target.ServiceName, out var service) || service.Status is "INACTIVE" or "DRAINING")
            {
                (inputs.DryRun ? notes : problems).Add($"ECS service {target.ServiceName} (cluster {target.Cluster}) does not exist{(inputs.DryRun ? " yet: not verified (the infrastructure plan creates it)" : string.Empty)}");
                continue;
            }

            var definition = service.TaskDefinition is { } arn
                ? (await clients.Ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(arn), ct).ConfigureAwait(false)).TaskDefinition
                : null;
            if (definition is null)
            {
                problems.Add($"ECS service {target.ServiceName} has no task definition");
                continue;
            }

            definitions[target.ServiceName] = definition;
            var arns = (service.LoadBalancers ?? []).Select(b => b.TargetGroupArn).OfType<string>().ToList();
            var groups = await DescribeTargetGroupsAsync(clients.Elbv2, arns, ct).ConfigureAwait(false);
            var wiring = ServiceWiring.Check(config, target, service, definition, groups);
            problems.AddRange(wiring);
            if (wiring.Count == 0)
            {
                checkedItems.Add(arns.Count == 0
                    ? $"{config.Name}: container {target.ContainerName}:{config.Port} (no load balancer)"
                    : $"{config.Name}: container {target.ContainerName}:{config.Port}, target group health check {config.HealthPath}");
            }
        }

        await CheckSecretsAsync(definitions.Values, clients, problems, checkedItems, ct).ConfigureAwait(false);
        await CheckLogGroupsAsync(definitions.Values, clients.Logs, problems, checkedItems, ct).ConfigureAwait(false);
        return new VerifyReport(problems, checkedItems, notes);
    }

    private static async Task CheckImagesAsync(VerifyInputs inputs, IImageRegistry registry, List<string> problems, List<string> checkedItems, List<string> notes, CancellationToken ct)
    {
        foreach (var imageName in inputs.Config.Services.Select(s => s.Image).Append(inputs.Config.Migrations?.Image).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!inputs.PushedImages.TryGetValue(imageName, out var image))
            {
                // A dry run builds nothing; a VerifyDeploy of its own rolls nothing (DeployServices requires a pushed image).
                notes.Add(inputs.DryRun
                    ? $"image {imageName}: built or promoted by this run (not in the registry in a dry run)"
                    : $"image {imageName}: not pushed by this run (nothing is rolled onto it)");
                continue;
            }

            var repository = RepositoryPolicy.RepositoryName(inputs.Config.Project, inputs.EnvironmentName, imageName);
            var digest = await registry.FindDigestAsync(repository, image.Tag, ct).ConfigureAwait(false);
            if (digest != image.Digest)
            {
                problems.Add(digest is null
                    ? $"image {repository}:{image.Tag} does not exist in {registry.Description}"
                    : $"image {repository}:{image.Tag} is {digest} in {registry.Description}, but this run pushed {image.Digest}");
                continue;
            }

            checkedItems.Add($"image {imageName}@{image.Digest[..19]}");
        }
    }

    private static async Task CheckSecretsAsync(IEnumerable<JsonObject> definitions, VerifyClients clients, List<string> problems, List<string> checkedItems, CancellationToken ct)
    {
        var references = definitions.SelectMany(ServiceWiring.Secrets).ToList();
        var ssm = references.Where(r => r.IsSsmParameter).ToList();
        if (ssm.Count > 0)
        {
            try
            {
                var missing = (await clients.Parameters.FindMissingAsync(clients.Aws, ssm.Select(r => ServiceWiring.ParameterName(r.ValueFrom)).ToList(), ct).ConfigureAwait(false))
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var reference in ssm.Where(r => missing.Contains(ServiceWiring.ParameterName(r.ValueFrom))))
                {
                    problems.Add($"SSM parameter {ServiceWiring.ParameterName(reference.ValueFrom)} (secret {reference.Name} of container {reference.Container}) does not exist");
                }

                checkedItems.Add($"{ssm.Count - missing.Count} secret(s) exist");
            }
            catch (Amazon.Runtime.AmazonServiceException ex)
            {
                problems.Add($"SSM parameters of the task definitions are not readable: {ex.ErrorCode}: {ex.Message}");
            }
        }

        foreach (var reference in references.Where(r => !r.IsSsmParameter))
        {
            checkedItems.Add($"secret {reference.Name} of container {reference.Container}: Secrets Manager, read by the task execution role (not checked)");
        }
    }

    private static async Task CheckLogGroupsAsync(IEnumerable<JsonObject> definitions, ILogsClient logs, List<string> problems, List<string> checkedItems, CancellationToken ct)
    {
        foreach (var (container, group) in definitions.SelectMany(ServiceWiring.LogGroups).DistinctBy(g => g.Group))
        {
            var response = await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(group), ct).ConfigureAwait(false);
            if ((response.LogGroups ?? []).Any(g => g.LogGroupName == group))
            {
                checkedItems.Add($"log group {group}");
            }
            else
            {
                problems.Add($"log group {group} (container {container}) does not exist: the task could not start (awslogs creates no group)");
            }
        }
    }

    /// <summary>DescribeServices for any number of services (ten per call), by service name.</summary>
    public static async Task<Dictionary<string, EcsService>> DescribeServicesAsync(IEcsClient ecs, string cluster, IReadOnlyList<string> names, CancellationToken ct)
    {
        var found = new Dictionary<string, EcsService>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(10))
        {
            var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest(cluster, chunk), ct).ConfigureAwait(false);
            foreach (var service in response.Services ?? [])
            {
                found[service.ServiceName] = service;
            }
        }

        return found;
    }

    private static async Task<Dictionary<string, TargetGroup>> DescribeTargetGroupsAsync(IElbv2Client elbv2, IReadOnlyList<string> arns, CancellationToken ct)
    {
        var groups = new Dictionary<string, TargetGroup>(StringComparer.Ordinal);
        foreach (var arn in arns)
        {
            try
            {
                foreach (var group in await elbv2.DescribeTargetGroupsAsync([arn], ct).ConfigureAwait(false))
                {
                    groups[group.Arn] = group;
                }
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "TargetGroupNotFound")
            {
                // ServiceWiring reports the missing group by its ARN.
            }
        }

        return groups;
    }
}
