using Cake.Core.Diagnostics;
using Deploy.Build.Steps.Services;

namespace Deploy.Build.Tasks;

/// <summary>How DeployServices and Rollback report a finished rollout: printed, recorded (with the revision, for the release record), and a failure fails the task.</summary>
internal static class RolloutReport
{
    public static void Record(DeployContext context, RolloutOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        context.Log.Information("{0}", outcome.Summary());
        if (!outcome.Succeeded)
        {
            throw new DeployInputException(outcome.FailureText());
        }

        if (outcome.TaskDefinitionArn is { } arn)
        {
            context.ServiceRevisions[outcome.Service] = arn;
        }

        context.Summary.Change(outcome.Summary());
    }
}
