namespace Deploy.Build.Utilities;

/// <summary>The pipeline's exit codes (a stopped run exits 128 + the signal number, see ShutdownSignal).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
}
