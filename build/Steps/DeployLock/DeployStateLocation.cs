using Deploy.Build.Aws.S3;

namespace Deploy.Build.Steps.DeployLock;

/// <summary>Where an environment's lock and audit log live, and the identity of this run.</summary>
public static class DeployStateLocation
{
    /// <summary>AWS: the state bucket bootstrap_state.sh creates; local: a bucket in the local cloud's S3.</summary>
    public static string BucketFor(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.IsLocal
            ? $"{context.Config.Project}-local-deploy-state"
            : $"{context.Config.Project}-{context.EnvironmentName}-tfstate-{context.AwsAccountId ?? throw new InvalidOperationException("the AWS account is unknown: Preflight must run first")}";
    }

    /// <summary>The store as the run's deploy identity (the plan role in a dry run), or as <paramref name="role"/>.</summary>
    public static DeployStateStore StoreFor(DeployContext context, Aws.Sts.DeployRole? role = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aws = role is { } r ? context.AwsAs(r) : context.Aws;
        return new(S3ClientFactory.Create(aws), BucketFor(context), aws.Region);
    }

    public static string Owner() =>
        Environment.GetEnvironmentVariable(EnvVars.GitHubActor) ?? Environment.UserName;

    public static string RunId() =>
        Environment.GetEnvironmentVariable(EnvVars.GitHubRunId) is { Length: > 0 } run
            ? $"gh{run}-{Environment.GetEnvironmentVariable(EnvVars.GitHubRunAttempt) ?? "1"}"
            : Guid.NewGuid().ToString("N")[..12];
}
