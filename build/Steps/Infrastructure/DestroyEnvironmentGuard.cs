namespace Deploy.Build.Steps.Infrastructure;

/// <summary>DestroyStaging destroys staging and nothing else: any other environment is refused before anything runs.</summary>
public static class DestroyEnvironmentGuard
{
    public const string Allowed = "staging";

    /// <returns>The one-line refusal, or null when the environment may be destroyed.</returns>
    public static string? Problem(string environment) =>
        environment == Allowed
            ? null
            : $"DestroyStaging only destroys '{Allowed}'; refusing --environment={environment}. Nothing was run.";
}
