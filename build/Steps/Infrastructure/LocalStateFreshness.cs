namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// moto keeps everything in memory, so a local state file written before moto restarted describes
/// resources that no longer exist. LocalUp writes a new id to .local-cloud/moto/generation on every
/// moto start; after each apply we store the id we applied against beside the state
/// (local.tfstate.moto-generation). When the two differ the state is stale: it is moved aside to
/// local.tfstate.stale and terraform creates everything afresh. Without a generation file (moto not
/// started by LocalUp) or without our marker (state from before this check) nothing is reset.
/// </summary>
public sealed class LocalStateFreshness(string stateFile, string generationFile)
{
    public string StateFile { get; } = stateFile;

    public string GenerationFile { get; } = generationFile;

    public string MarkerFile => StateFile + ".moto-generation";

    public string StaleCopy => StateFile + ".stale";

    private string? Current => File.Exists(GenerationFile) ? File.ReadAllText(GenerationFile).Trim() : null;

    public bool IsStale()
    {
        var current = Current;
        return current is not null && File.Exists(StateFile) && File.Exists(MarkerFile)
               && File.ReadAllText(MarkerFile).Trim() != current;
    }

    /// <summary>Moves a stale state aside; returns whether it did (or, in a dry run, would).</summary>
    public bool ResetIfStale(bool dryRun)
    {
        if (!IsStale())
        {
            return false;
        }

        if (!dryRun)
        {
            File.Move(StateFile, StaleCopy, overwrite: true);
            File.Delete(MarkerFile);
        }

        return true;
    }

    /// <summary>Records that the state now matches the running moto.</summary>
    public void Record()
    {
        var current = Current;
        if (current is not null)
        {
            File.WriteAllText(MarkerFile, current + "\n");
        }
    }
}
