using Cake.Core.Diagnostics;
using Cake.Frosting;
using Deploy.Build.LocalCloud;
using Deploy.Build.Steps.Setup;

namespace Deploy.Build.Tasks;

[TaskName("Setup")]
[TaskDescription("Prepare this machine: install missing system packages (apt-get, as root or with passwordless sudo), start the Docker engine, find the Terraform provider mirror; else print the one command that does.")]
public sealed class SetupTask(ToolLocator tools) : AsyncFrostingTask<DeployContext>
{
    public const string Name = "Setup";

    public override async Task RunAsync(DeployContext context)
    {
        // The Setup target (.ci/run) prepares for the tests too; a deploy (through LocalUp) only for the local cloud.
        var target = context.TargetName ?? Name;
        var scope = string.Equals(target, Name, StringComparison.OrdinalIgnoreCase) ? SetupScope.LocalCloudAndTests : SetupScope.LocalCloud;
        var local = context.LocalCloud;
        var setup = new MachineSetup(tools.Locate, local.DockerdPidFile, local.DockerdLog, line => context.Log.Information("{0}", line));

        var plan = await setup.PlanAsync(scope, context.Cancellation).ConfigureAwait(false);
        if (context.DryRun)
        {
            foreach (var step in plan.Steps)
            {
                context.Log.Information("Setup: {0} {1}: {2}", step.Automatic ? "would" : "you need to", step.What, step.Display);
            }
        }
        else
        {
            var failures = await setup.RunAsync(plan, context.Cancellation).ConfigureAwait(false);
            foreach (var step in plan.Automatic)
            {
                context.Summary.Change(step.What);
            }

            if (failures.Count > 0)
            {
                throw new SetupException($"Setup could not finish: {failures[0]}");
            }

            // What is left once the automatic steps ran (the engine may have come up with its package, as on systemd).
            plan = plan.Automatic.Count > 0 ? await setup.PlanAsync(scope, context.Cancellation).ConfigureAwait(false) : plan;
            foreach (var step in plan.Manual.Where(s => !s.Required))
            {
                context.Log.Warning("Setup: optional, {0}: {1}", step.What, step.Display);
            }

            if (plan.NeedsTheUser)
            {
                // The folders the printed dockerd line writes its PID and log to, owned by this user.
                Directory.CreateDirectory(local.RunDirectory);
                Directory.CreateDirectory(local.LogDirectory);
                throw new SetupException(plan.Refusal($"./build.sh --target={target}"));
            }
        }

        if (plan.IsEmpty)
        {
            context.Log.Information("Setup: nothing to install; the Docker engine is running");
        }

        // Decided (and logged) once per run; with no mirror and no registry this is the one line naming TF_PROVIDER_MIRROR.
        _ = context.ProviderMirror;
    }
}
