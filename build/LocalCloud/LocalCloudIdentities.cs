using System.Text.Json;
using Amazon.Runtime;
using Deploy.Build.Aws;
using Deploy.Build.Aws.Sts;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// Who a local run acts as. The local cloud enforces IAM (moto_iam.py), so like a GitHub job a local deploy assumes
/// the ci-access roles with an OIDC token (minted here, with the subject the matching GitHub job would send); only the
/// bootstrap that creates those roles runs as the account's administrator.
/// </summary>
public static class LocalCloudIdentities
{
    /// <summary>
    /// The local "job" subjects: deploy and infra as the environment's deploy job, plan as the main-branch dry run
    /// (<c>ci.yml</c>'s <c>staging-dry-run</c>, which the local dry run rehearses). The plan role trusts main only: its
    /// plan of the database unit reads the master password, so no pull request runs as it.
    /// </summary>
    public static string Subject(string environment, DeployRole role) => role == DeployRole.Plan
        ? GitHubOidcSubject.Branch(LocalCloudSettings.GitHubRepository, "main")
        : GitHubOidcSubject.Environment(LocalCloudSettings.GitHubRepository, environment);

    public static AwsSettings For(LocalCloudSettings settings, string region, string project, string environment, DeployRole role, string runId,
        string accountId = LocalCloudSettings.AccountId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (role == DeployRole.Admin)
        {
            return Admin(settings, region, accountId);
        }

        var arn = DeployRoles.Arn(accountId, project, environment, role);
        var session = new WebIdentityRoleCredentials(arn, DeployRoles.SessionName(environment, role, runId),
            new LocalWebIdentityTokenSource(Subject(environment, role), new Dictionary<string, string>
            {
                ["repository"] = LocalCloudSettings.GitHubRepository,
                ["environment"] = environment,
            }),
            region, settings.AwsEndpoint);
        return AwsSettings.ForRoleSession(region, settings.AwsEndpoint, session, DeployRoles.Name(project, environment, role));
    }

    /// <summary>The account owner's keys from moto's bootstrap file.</summary>
    public static AwsSettings Admin(LocalCloudSettings settings, string region, string accountId = LocalCloudSettings.AccountId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (key, secret, user) = AdminKeys(settings, accountId);
        return new AwsSettings(region, settings.AwsEndpoint, () => new BasicAWSCredentials(key, secret))
        {
            Identity = $"{user} (local account owner)",
            ExportToPrograms = true,
        };
    }

    public static (string AccessKeyId, string SecretAccessKey, string User) AdminKeys(LocalCloudSettings settings, string accountId = LocalCloudSettings.AccountId)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(settings.BootstrapFile))
        {
            throw new LocalCloudException(
                $"{settings.BootstrapFile} is missing: the running moto does not enforce IAM (started by an older version?). Run LocalDown, then LocalUp.");
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(settings.BootstrapFile));
        if (!doc.RootElement.GetProperty("accounts").TryGetProperty(accountId, out var account))
        {
            throw new LocalCloudException($"the local cloud has no account {accountId} ({settings.BootstrapFile})");
        }

        return (account.GetProperty("accessKeyId").GetString()!, account.GetProperty("secretAccessKey").GetString()!, account.GetProperty("user").GetString()!);
    }
}
