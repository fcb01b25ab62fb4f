using Cake.Frosting;
using Deploy.Build.Steps.Images;

namespace Deploy.Build.Tasks;

[TaskName("EnsureEcr")]
[TaskDescription("Every image has its ECR repository (scan on push, immutable tags, keep the last 10): ecr unit applied alone, or created through the API.")]
[IsDependentOn(typeof(DeployLockTask))]
public sealed class EnsureEcrTask(RepositoryEnsurer ensurer) : AsyncFrostingTask<DeployContext>
{
    public override async Task RunAsync(DeployContext context)
    {
        var repositories = context.Config.Images
            .Select(i => new ImageRepository(i.Name, RepositoryPolicy.RepositoryName(context.Config.Project, context.EnvironmentName, i.Name)))
            .ToList();

        foreach (var change in await ensurer.EnsureAsync(context, repositories).ConfigureAwait(false))
        {
            context.Summary.Change(change);
        }
    }
}
