using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Deploy.Build.Aws;

/// <summary>
/// Where and as whom the pipeline talks to AWS. AWS environments use the region's real endpoints and
/// the SDK's default credentials chain (env, profile, SSO, web identity for GitHub OIDC); the local
/// cloud differs only in the endpoint (moto) and static test credentials.
/// </summary>
public sealed record AwsSettings(string Region, Uri? EndpointOverride, Func<AWSCredentials> Credentials)
{
    public RegionEndpoint RegionEndpoint => RegionEndpoint.GetBySystemName(Region);

    public bool IsLocal => EndpointOverride is not null;

    /// <summary>Who the calls are made as, for the run summary: a role name, or "default credentials".</summary>
    public string Identity { get; init; } = "default credentials";

    /// <summary>
    /// True when the credentials are a session this run made (a role assumed with the job's token): the programs it
    /// runs for the same phase (Terraform) get them as AWS_* variables. Otherwise they resolve their own, as the SDK did.
    /// </summary>
    public bool ExportToPrograms { get; init; }

    public static AwsSettings ForAws(string region) =>
        new(region, null, () => new DeferredCredentials(() => DefaultAWSCredentialsIdentityResolver.GetCredentials()));

    /// <summary>
    /// A moto of its own that does not enforce IAM (the tests' and the benchmark's): any credentials pass, these are
    /// fixed so nothing real is ever sent to it. The embedded local cloud enforces IAM and takes role sessions instead.
    /// </summary>
    public static AwsSettings ForLocal(string region, Uri endpoint) =>
        new(region, endpoint, () => new BasicAWSCredentials("test", "test"));

    /// <summary>A role session: one <see cref="WebIdentityRoleCredentials"/> shared by every client of the phase.</summary>
    public static AwsSettings ForRoleSession(string region, Uri? endpoint, Sts.WebIdentityRoleCredentials session, string identity) =>
        new(region, endpoint, () => session) { Identity = identity, ExportToPrograms = true };

    /// <summary>
    /// The AWS_* variables of <see cref="ExportToPrograms"/> credentials (secrets: register them), or none. Profile and
    /// web-identity variables are set empty, which the AWS SDKs (Go, .NET, Python) treat as unset.
    /// </summary>
    public IReadOnlyDictionary<string, string> ProgramEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!ExportToPrograms)
        {
            return env;
        }

        var credentials = Credentials().GetCredentials();
        foreach (var name in EnvVars.AwsIdentityOverrides)
        {
            env[name] = string.Empty;
        }

        env[EnvVars.AwsAccessKeyId] = credentials.AccessKey;
        env[EnvVars.AwsSecretAccessKey] = credentials.SecretKey;
        env[EnvVars.AwsSessionToken] = credentials.Token;
        return env;
    }

    /// <summary>The endpoint to call: the override, or the service's regional (or, for CloudFront, global) endpoint.</summary>
    public Uri EndpointFor(string hostPrefix) =>
        EndpointOverride ?? new Uri(hostPrefix == "cloudfront"
            ? "https://cloudfront.amazonaws.com/"
            : $"https://{hostPrefix}.{Region}.amazonaws.com/");
}

/// <summary>
/// Credentials resolved on first use, not when a client is built: a dry run or a task that is skipped never
/// needs them, and a missing profile is reported by Preflight's STS check, in one line, instead.
/// </summary>
public sealed class DeferredCredentials(Func<AWSCredentials> resolve) : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _inner = new(resolve);

    public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
}
