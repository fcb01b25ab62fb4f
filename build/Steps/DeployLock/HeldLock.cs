namespace Deploy.Build.Steps.DeployLock;

/// <summary>The lock this run holds, released (and the audit record written) at the end of the run, even on failure.</summary>
public sealed record HeldLock(DeployStateStore Store, LockRecord Record, string? ETag, string Target);
