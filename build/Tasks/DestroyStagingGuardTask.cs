using Cake.Frosting;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Tasks;

[TaskName("DestroyStagingGuard")]
[TaskDescription("Runs first for DestroyStaging: refuses any environment other than staging before anything else runs.")]
public sealed class DestroyStagingGuardTask : FrostingTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var problem = DestroyEnvironmentGuard.Problem(context.EnvironmentName);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
