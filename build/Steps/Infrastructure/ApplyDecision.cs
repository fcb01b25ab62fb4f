namespace Deploy.Build.Steps.Infrastructure;

public enum ApplyAction
{
    /// <summary>The plan changes nothing: skip apply.</summary>
    NothingToApply,

    /// <summary>Dry run: the plan is shown, nothing applied.</summary>
    WouldApply,

    Apply,
}

/// <summary>What to do with a plan: refuse it (stateful destroys), show it (dry run), apply it, or skip.</summary>
public static class ApplyDecision
{
    public static ApplyAction Decide(InfraPlan plan, bool dryRun, bool allowDestroy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Destroy)
        {
            // An environment destroy (DestroyStaging) is explicit; the guard is for deploys.
            DestroyGuard.Check(plan.Units, allowDestroy);
        }

        return !plan.HasChanges ? ApplyAction.NothingToApply
            : dryRun ? ApplyAction.WouldApply
            : ApplyAction.Apply;
    }

    /// <summary>The summary lines: "api-unit: applied +3 ~1 -0", "api-unit: would apply +3 ~1 -0", or "no changes".</summary>
    public static IReadOnlyList<string> SummaryLines(InfraPlan plan, ApplyAction action)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var verb = action == ApplyAction.Apply ? "applied" : "would apply";
        var changed = plan.Units.Where(u => u.HasChanges).Select(u => $"{u.Unit}: {verb} {u.Counts}").ToList();
        return changed.Count > 0 ? changed : ["no changes"];
    }
}
