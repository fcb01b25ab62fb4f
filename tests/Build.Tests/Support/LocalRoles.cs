using Deploy.Build.LocalCloud;
using Deploy.Build.Tests.Infrastructure;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// The ci-access roles of a project's environment (local unless told), made by the real module (modules/ci-access) as
/// the owner of an account (the first unless told) on an IAM-enforcing moto, for tests whose fixture projects have a
/// local root of their own without that module (LocalBootstrap then leaves the roles to exist already, as here).
/// </summary>
public static class LocalRoles
{
    public static async Task ApplyAsync(EnforcingMotoServer moto, string project, string? assetsBucket = null, string environment = "local",
        string account = LocalCloudSettings.AccountId)
    {
        ArgumentNullException.ThrowIfNull(moto);
        using var root = new TempDir();
        var module = Repo.PathOf("infra/terraform/modules/ci-access").Replace("\\", "/", StringComparison.Ordinal);
        var endpoint = moto.Endpoint.ToString().TrimEnd('/');
        // One GitHub OIDC provider per account: the first project's roles create it, later ones use it.
        var provider = $"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com";
        var exists = (await moto.AwsAsync(account, "iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", provider)).ExitCode == 0;
        var providerInputs = exists ? $"create_oidc_provider = false\n  oidc_provider_arn    = \"{provider}\"" : string.Empty;
        root.Write("main.tf", $$"""
            provider "aws" {
              region                      = "ap-northeast-1"
              skip_credentials_validation = true
              skip_metadata_api_check     = true
              skip_region_validation      = true
              endpoints {
                iam = "{{endpoint}}"
                sts = "{{endpoint}}"
              }
            }

            module "ci_access" {
              source             = "{{module}}"
              project            = "{{project}}"
              environment        = "{{environment}}"
              github_repository  = "{{LocalCloudSettings.GitHubRepository}}"
              state_bucket_name  = "{{project}}-{{environment}}-deploy-state"
              assets_bucket_name = "{{assetsBucket ?? $"{project}-{environment}-assets"}}"
              {{providerInputs}}
            }
            """);
        var admin = EnforcingMotoServer.AdminCliEnvironment(moto.Settings, account);
        await Terraform.MustSucceedAsAsync(root.Path, admin, "init", "-input=false", "-no-color");
        await Terraform.MustSucceedAsAsync(root.Path, admin, "apply", "-auto-approve", "-input=false", "-no-color");
    }
}
