using Cake.Core.Diagnostics;
using Deploy.Build.Aws.Sts;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Plan, show, guard, apply, read outputs: the work of TerragruntApply (the whole environment) and of
/// EcrUnitApplier (one unit). Honours --dry-run (plans, prints what it would apply, changes nothing).
/// </summary>
public sealed class InfraApplier(InfraTargets targets)
{
    /// <summary>Plans and, when there are changes and this is not a dry run, applies; returns the plan.</summary>
    public InfraPlan PlanAndApply(DeployContext context, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runner = targets.RunnerFor(context.DeployEnvironment);
        var target = targets.For(context, DeployRoles.ForInfrastructure(context.DryRun));
        ResetIfMotoRestarted(context, target);

        // The local root: nothing that decides the plan changed since the last apply, so the plan would find nothing.
        var fingerprinted = ApplyFingerprint.Applies(target) && !context.Options.PlanAll;
        if (fingerprinted && ApplyFingerprint.OfUnit(target, unit).Unchanged())
        {
            context.Summary.Change($"{(unit is null ? string.Empty : $"[{unit}] ")}no changes (IaC, inputs and state as the last apply left them; --plan-all plans anyway)");
            return new InfraPlan([]);
        }

        var plan = runner.Plan(target, unit: unit, readOnly: context.DryRun);
        Report(context, plan);
        var action = ApplyDecision.Decide(plan, context.DryRun, context.AllowDestroy);
        if (action == ApplyAction.Apply)
        {
            StagedApply.Run(runner, target, plan, unit, context.AllowDestroy, Log(context), Summary(context, unit));
            target.Freshness?.Record();
            Converge(context, runner, target, unit);
        }
        else if (action == ApplyAction.NothingToApply)
        {
            target.Freshness?.Record();
        }

        if (fingerprinted && !context.DryRun && action is ApplyAction.Apply or ApplyAction.NothingToApply)
        {
            // The whole root planned clean covers the units planned on their own (EnsureEcr's) as of this state.
            foreach (var done in unit is null ? new string?[] { null, EcrUnitApplier.Unit } : [unit])
            {
                ApplyFingerprint.OfUnit(target, done).Record();
            }
        }

        foreach (var line in ApplyDecision.SummaryLines(plan, action))
        {
            context.Summary.Change(unit is null ? line : $"[{unit}] {line}");
        }

        return plan;
    }

    /// <summary>
    /// What the infrastructure's state is now, as a hash that changes with every apply that changes anything (the local
    /// root: its fingerprint of IaC, inputs and state); null where no such identity is kept (Terragrunt's units on AWS).
    /// </summary>
    public string? StateIdentity(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = targets.For(context, DeployRoles.ForInfrastructure(context.DryRun));
        return ApplyFingerprint.Applies(target) ? ApplyFingerprint.OfUnit(target, null).Value : null;
    }

    /// <summary>
    /// The local cloud's stand-in for the account administrator who applies the ci-access unit once (README): the
    /// roles every other phase assumes, created (or changed) as the account owner before anything else runs.
    /// </summary>
    public void BootstrapRoles(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runner = targets.RunnerFor(context.DeployEnvironment);
        var bootstrap = targets.For(context, DeployRole.Admin);
        if (!DeclaresCiAccess(bootstrap.RootDirectory))
        {
            context.Summary.Change($"the local root declares no module \"{CiAccessUnit}\": its roles must exist already");
            return;
        }

        ResetIfMotoRestarted(context, bootstrap);
        var fingerprint = ApplyFingerprint.OfBootstrap(bootstrap);
        if (fingerprint.Unchanged())
        {
            context.Summary.Change($"[{CiAccessUnit}] roles up to date (IaC and inputs unchanged since they were applied to this moto)");
            return;
        }

        var plan = runner.Plan(bootstrap, unit: CiAccessUnit);
        if (plan.HasChanges)
        {
            Report(context, plan);
            runner.Apply(bootstrap, plan);
            bootstrap.Freshness?.Record();
        }

        // What the next run will see: terraform init may have written the provider lock file since the check.
        ApplyFingerprint.OfBootstrap(bootstrap).Record();
        context.Summary.Change(plan.HasChanges
            ? $"[{CiAccessUnit}] roles created or updated as the account owner ({string.Join(", ", plan.Units.Select(u => u.Counts))})"
            : $"[{CiAccessUnit}] roles up to date");
    }

    /// <summary>Whether the root manages the roles (a project may create them elsewhere; then they must exist).</summary>
    public static bool DeclaresCiAccess(string root) =>
        Directory.Exists(root) && Directory.EnumerateFiles(root, "*.tf")
            .Any(f => File.ReadAllText(f).Contains($"module \"{CiAccessUnit}\"", StringComparison.Ordinal));

    private static void ResetIfMotoRestarted(DeployContext context, InfraTarget target)
    {
        if (target.Freshness?.ResetIfStale(context.DryRun) == true)
        {
            context.Log.Warning("moto restarted since the last apply: {0} local state {1}",
                context.DryRun ? "would reset" : "reset", target.Freshness.StateFile);
        }
    }

    /// <summary>The local root's module holding the roles (modules/ci-access).</summary>
    public const string CiAccessUnit = "ci_access";

    /// <summary>
    /// Some resources read back differently right after they are written (eventual consistency in AWS; moto's
    /// ECS service and RDS attributes once), so a plan after an apply may still show changes. Re-plan once and
    /// apply what is left, under the same guard, so the next deploy plans no changes.
    /// </summary>
    private static void Converge(DeployContext context, IInfraRunner runner, InfraTarget target, string? unit)
    {
        var again = runner.Plan(target, unit: unit);
        if (!again.HasChanges)
        {
            return;
        }

        Report(context, again);
        if (ApplyDecision.Decide(again, dryRun: false, context.AllowDestroy) == ApplyAction.Apply)
        {
            StagedApply.Run(runner, target, again, unit, context.AllowDestroy, Log(context), Summary(context, unit));
            var changed = again.Units.Sum(u => u.Changes);
            context.Summary.Change($"{(unit is null ? string.Empty : $"[{unit}] ")}converged: a second apply settled {changed} read-back change(s)");
        }
    }

    /// <summary>The outputs of the whole environment; in a dry run of an environment never applied, null.</summary>
    public InfraOutputs? ReadOutputs(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = targets.For(context, DeployRoles.ForDeploy(context.DryRun));
        try
        {
            return InfraOutputs.FromJson(targets.RunnerFor(context.DeployEnvironment).OutputDocuments(target));
        }
        catch (Tools.Terraform.IacCommandException ex) when (context.DryRun)
        {
            context.Log.Warning("No infrastructure outputs yet (dry run of an environment not applied): {0}", ex.Message);
            return null;
        }
    }

    /// <summary>Plan only (PlanInfra, or the dry run of a destroy): prints the per-unit summary.</summary>
    public InfraPlan PlanOnly(DeployContext context, bool destroy)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = targets.For(context, DeployRole.Plan);
        var plan = targets.RunnerFor(context.DeployEnvironment).Plan(target, destroy, readOnly: true);
        Report(context, plan);
        return plan;
    }

    public void Destroy(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        targets.RunnerFor(context.DeployEnvironment).Destroy(targets.For(context, DeployRole.Infra));
    }

    private static Action<string> Log(DeployContext context) => line => context.Log.Information("{0}", line);

    private static Action<string> Summary(DeployContext context, string? unit) =>
        line => context.Summary.Change(unit is null ? line : $"[{unit}] {line}");

    public static void Report(DeployContext context, InfraPlan plan)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var unit in plan.Units)
        {
            context.Log.Information("{0}{1}", unit, plan.MockedUnits.Contains(unit.Unit) ? " (planned with mock outputs: a dependency has no state yet)" : string.Empty);
            foreach (var resource in unit.Resources)
            {
                context.Log.Verbose("  {0} {1}", string.Join("/", resource.Actions), resource.Address);
            }
        }
    }
}
