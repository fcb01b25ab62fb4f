using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// Applies an environment's saved plans without ever applying a mock output. A unit planned with a dependency's
/// <c>mock_outputs</c> (that dependency has no state yet: a fresh environment) is held back, because Terraform
/// applies a saved plan with the values it was planned with; the units before it are applied, then the environment
/// is planned again against their real outputs, the destroy guard judges that plan, and its ready units are applied:
/// one round per level of the unit graph (network → security → database → compute → …).
/// </summary>
public static class StagedApply
{
    /// <summary>Most rounds an environment can need: one per level of its unit graph.</summary>
    public const int MaxRounds = 12;

    /// <returns>The number of rounds (1 when nothing was planned with mocks).</returns>
    public static int Run(IInfraRunner runner, InfraTarget target, InfraPlan plan, string? unit, bool allowDestroy, Action<string> log, Action<string> summary)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(summary);
        for (var round = 1; ; round++)
        {
            var waiting = string.Join(", ", plan.MockedUnits.Order(StringComparer.Ordinal));
            if (plan.ReadyToApply.Count == 0 && plan.MockedUnits.Count > 0)
            {
                throw new IacCommandException(
                    $"{waiting} still take mock outputs after the units before them were applied: a dependency has no outputs (check its outputs block)");
            }

            runner.Apply(target, plan);
            if (plan.MockedUnits.Count == 0)
            {
                return round;
            }

            if (round == MaxRounds)
            {
                throw new IacCommandException($"the environment did not settle after {MaxRounds} apply rounds ({waiting} still planned with mock outputs)");
            }

            log($"{waiting}: planned with mock outputs of dependencies applied only now; planning again against their real outputs");
            summary($"round {round + 1}: {waiting} planned again against real outputs");
            plan = runner.Plan(target, unit: unit);
            foreach (var line in plan.Units.Select(u => u.ToString()))
            {
                log(line);
            }

            if (ApplyDecision.Decide(plan, dryRun: false, allowDestroy) != ApplyAction.Apply)
            {
                return round + 1;
            }
        }
    }
}
