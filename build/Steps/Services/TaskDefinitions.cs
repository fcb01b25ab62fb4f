using System.Text.Json;
using System.Text.Json.Nodes;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Ecs;

namespace Deploy.Build.Steps.Services;

/// <summary>
/// Which task definition revision runs an image. A deploy owns only the image of one container; every other setting
/// (environment, secrets, cpu, memory, roles, log configuration, tags) comes from <see cref="Base"/>, the family's newest
/// revision: the one Terraform registered last, or a revision the pipeline rendered from it. So a Terraform change (a new
/// revision in the family) reaches the service with the next deploy, and no deploy reverts it to the service's older settings.
/// <see cref="Existing"/> is the revision to run when one already registers exactly that: <see cref="Current"/> (nothing
/// changes: a no-op deploy registers nothing), or <see cref="Base"/> (e.g. registered by MigrateDb); else
/// <see cref="Registration"/> is the new revision to register.
/// </summary>
public sealed record RevisionPlan(JsonObject Current, JsonObject Base, string Container, string Image, JsonObject? Existing, JsonObject? Registration)
{
    /// <summary>Whether the service would move to another revision (false: it already runs what would be registered).</summary>
    public bool Changed => !ReferenceEquals(Existing, Current);

    /// <summary>Whether the target differs from the service's current revision in more than the image (a Terraform change).</summary>
    public bool SettingsChanged => Changed && (TaskDefinitionRenderer.FindContainer(Current, Container) is null
        || !TaskDefinitionRenderer.SameRegistration(TaskDefinitionRenderer.WithImage(Current, Container, Image), Existing ?? Registration!));

    public string Describe()
    {
        var settings = SettingsChanged ? $" and the settings of revision {TaskDefinitionRenderer.Revision(Base)}" : string.Empty;
        return Existing is not null
            ? Changed
                ? $"revision {TaskDefinitionRenderer.Revision(Existing)} (already registered with {Image}{settings})"
                : $"revision {TaskDefinitionRenderer.Revision(Current)} (unchanged)"
            : $"a new revision of {TaskDefinitionRenderer.Family(Current)} with {Container} image {Image}{settings}";
    }
}

/// <summary>Reads and registers task definitions through the ECS control plane.</summary>
public sealed class TaskDefinitions(IEcsClient ecs, AwsRetry.Options? retry = null, string? release = null)
{
    private static readonly string[] IncludeTags = ["TAGS"];

    private readonly Polly.ResiliencePipeline _retry = AwsRetry.Create(retry ?? new AwsRetry.Options(MaxAttempts: 6));

    /// <summary>
    /// A task definition (an ARN, family:revision, or a family for its newest ACTIVE revision) with its tags, which
    /// DescribeTaskDefinition answers beside it, put in as <c>tags</c> (the way RegisterTaskDefinition takes them).
    /// </summary>
    public async Task<JsonObject> DescribeAsync(string arnOrFamily, CancellationToken cancellationToken = default) =>
        WithTags(await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest(arnOrFamily, IncludeTags), cancellationToken).ConfigureAwait(false))
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

    /// <summary>
    /// Read-only: decides which revision would run <paramref name="image"/> for a service now on <paramref name="current"/>
    /// (described by <see cref="DescribeAsync"/>): the family's newest revision with the image set (see <see cref="RevisionPlan"/>).
    /// </summary>
    public async Task<RevisionPlan> PlanAsync(JsonObject current, string container, string image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var family = TaskDefinitionRenderer.Family(current) ?? throw new InvalidOperationException("the task definition has no family");
        var newest = await DescribeAsync(family, cancellationToken).ConfigureAwait(false);
        var rendered = TaskDefinitionRenderer.WithImage(newest, container, image);
        // The release is a label of the new revision, not a change: a service that runs the image already is not rolled for it.
        return TaskDefinitionRenderer.SameRegistration(current, rendered) ? new RevisionPlan(current, newest, container, image, current, null)
            : TaskDefinitionRenderer.SameRegistration(newest, rendered) ? new RevisionPlan(current, newest, container, image, newest, null)
            : new RevisionPlan(current, newest, container, image, null, release is null ? rendered : TaskDefinitionRenderer.WithRelease(rendered, container, release));
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
            TaskDefinitionResponse registered;
            try
            {
                registered = await ecs.RegisterTaskDefinitionAsync(plan.Registration!, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "AccessDeniedException" && plan.Registration!.ContainsKey("tags"))
            {
                throw new InvalidOperationException(
                    $"RegisterTaskDefinition of {family} was denied: {ex.Message} (it re-sends the family's tags, which also needs " +
                    "ecs:TagResource with the condition ecs:CreateAction = RegisterTaskDefinition)", ex);
            }

            return WithTags(registered) ?? throw new InvalidOperationException("RegisterTaskDefinition returned no task definition");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer's task definition with the answer's tags in it as <c>tags</c> (none: as described).</summary>
    private static JsonObject? WithTags(TaskDefinitionResponse response)
    {
        var definition = response.TaskDefinition;
        if (definition is not null && response.Tags is { Count: > 0 } tags)
        {
            definition["tags"] = JsonSerializer.SerializeToNode(tags, AwsJsonClient.Json);
        }

        return definition;
    }
}
