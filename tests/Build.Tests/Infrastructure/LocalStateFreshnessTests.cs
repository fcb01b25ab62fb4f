using Deploy.Build.Steps.Infrastructure;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>A local state written before moto restarted is moved aside; otherwise it is kept.</summary>
public sealed class LocalStateFreshnessTests
{
    [Fact]
    public void A_state_from_an_earlier_moto_is_reset_and_a_current_one_kept()
    {
        using var dir = new TempDir();
        var generation = dir.Write("moto/generation", "gen-1\n");
        var state = dir.Write("terraform/local.tfstate", "{}");
        var freshness = new LocalStateFreshness(state, generation);

        Assert.False(freshness.IsStale());
        freshness.Record();
        Assert.False(freshness.ResetIfStale(dryRun: false));

        File.WriteAllText(generation, "gen-2\n");
        Assert.True(freshness.ResetIfStale(dryRun: true));
        Assert.True(File.Exists(state));

        Assert.True(freshness.ResetIfStale(dryRun: false));
        Assert.False(File.Exists(state));
        Assert.True(File.Exists(freshness.StaleCopy));
        Assert.False(freshness.IsStale());
    }

    [Fact]
    public void Without_a_generation_file_nothing_is_reset()
    {
        using var dir = new TempDir();
        var state = dir.Write("terraform/local.tfstate", "{}");
        dir.Write("terraform/local.tfstate.moto-generation", "gen-1");

        Assert.False(new LocalStateFreshness(state, Path.Combine(dir.Path, "moto", "generation")).IsStale());
    }
}
