namespace Deploy.Build.Utilities;

/// <summary>The pipeline's exit codes (a stopped run exits 128 + the signal number, see ShutdownSignal).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    /// <summary>Verify: the live environment differs from its live release (as terraform plan -detailed-exitcode says 2 for changes).</summary>
    public const int Drift = 2;
}

/// <summary>An exit code a task sets for a run that completed (Verify's drift): the host returns it instead of 0.</summary>
public sealed class RunExit
{
    public int? Code { get; set; }
}
