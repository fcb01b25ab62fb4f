using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;

namespace Deploy.Build.Steps.Services;

/// <summary>
/// Which task definition revision runs an image: the current one when the image is unchanged, the family's latest
/// when it already registers exactly the rendered definition (e.g. registered by MigrateDb), else a new revision.
/// </summary>
public sealed record RevisionPlan(JsonObject Current, string Container, string Image, JsonObject? Existing, JsonObject? Registration)
{
    public bool ImageChanged => TaskDefinitionRenderer.ImageOf(Current, Container) != Image;

    public string Describe() => Existing is not null
        ? Existing == Current
            ? $"revision {TaskDefinitionRenderer.Revision(Current)} (same image)"
            : $"revision {TaskDefinitionRenderer.Revision(Existing)} (already registered with {Image})"
        : $"a new revision of {TaskDefinitionRenderer.Family(Current)} with {Container} image {Image}";
}

/// <summary>Reads and registers task definitions through the ECS control plane.</summary>
public sealed class TaskDefinitions(IEcsClient ecs, AwsRetry.Options? retry = null)
{
    private readonly Polly.ResiliencePipeline _retry = AwsRetry.Create(retry ?? new AwsRetry.Options(MaxAttempts: 6));

    public async Task<JsonObject> DescribeAsync(string arnOrFamily, CancellationToken cancellationToken = default) =>
        (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(arnOrFamily), cancellationToken).ConfigureAwait(false)).TaskDefinition
        ?? throw new InvalidOperationException($"task definition {arnOrFamily} not found");

    /// <summary>The revision before <paramref name="current"/> in its family, or null when there is none.</summary>
    public async Task<JsonObject?> PreviousAsync(JsonObject current, CancellationToken cancellationToken = default)
    {
        var family = TaskDefinitionRenderer.Family(current);
        for (var revision = TaskDefinitionRenderer.Revision(current) - 1; revision > 0; revision--)
        {
            try
            {
                return await DescribeAsync($"{family}:{revision}", cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "ClientException" or "InvalidParameterException")
            {
                // a deregistered-and-deleted revision: look further back
            }
        }

        return null;
    }

    /// <summary>Read-only: decides which revision would run <paramref name="image"/> (see <see cref="RevisionPlan"/>).</summary>
    public async Task<RevisionPlan> PlanAsync(JsonObject current, string container, string image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var rendered = TaskDefinitionRenderer.WithImage(current, container, image);
        if (TaskDefinitionRenderer.ImageOf(current, container) == image)
        {
            return new RevisionPlan(current, container, image, current, null);
        }

        var latest = await DescribeAsync(TaskDefinitionRenderer.Family(current)!, cancellationToken).ConfigureAwait(false);
        return TaskDefinitionRenderer.SameRegistration(latest, rendered)
            ? new RevisionPlan(current, container, image, latest, null)
            : new RevisionPlan(current, container, image, null, rendered);
    }

    /// <summary>Registers the planned revision if it is new; returns the task definition to run.</summary>
    public async Task<JsonObject> ApplyAsync(RevisionPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Existing is not null)
        {
            return plan.Existing;
        }

        // Not idempotent: before a retry, look whether the lost attempt registered it after all (no duplicate revision).
        var family = TaskDefinitionRenderer.Family(plan.Current)!;
        var attempted = false;
        return await _retry.ExecuteAsync(async ct =>
        {
            if (attempted)
            {
                var latest = await DescribeAsync(family, ct).ConfigureAwait(false);
                if (TaskDefinitionRenderer.SameRegistration(latest, plan.Registration!))
                {
                    return latest;
                }
            }

            attempted = true;
            var registered = await ecs.RegisterTaskDefinitionAsync(plan.Registration!, ct).ConfigureAwait(false);
            return registered.TaskDefinition ?? throw new InvalidOperationException("RegisterTaskDefinition returned no task definition");
        }, cancellationToken).ConfigureAwait(false);
    }
}
