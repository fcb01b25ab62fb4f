using Deploy.Build.Configuration;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// TF_VAR_* values a local apply needs that are secrets (e.g. TF_VAR_local_database_url from the local
/// cloud's PostgreSQL). They reach terraform as environment variables, never as arguments or logs.
/// </summary>
public interface ILocalTerraformVariables
{
    IReadOnlyDictionary<string, string> For(DeployContext context);
}

/// <summary>Builds the <see cref="InfraTarget"/> of the environment being deployed, and picks its runner.</summary>
public sealed class InfraTargets(TerraformInfraRunner terraform, TerragruntInfraRunner terragrunt, ILocalTerraformVariables localVariables)
{
    public const string AwsEndpointVariable = "TF_VAR_aws_endpoint";
    public const string AwsRegionVariable = "TF_VAR_aws_region";
    public const string GitHubRepositoryVariable = "TF_VAR_github_repository";
    public const string DeployStateBucketVariable = "TF_VAR_deploy_state_bucket";

    public IInfraRunner RunnerFor(EnvironmentConfig environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.Runner == IacRunner.Terragrunt ? terragrunt : terraform;
    }

    /// <summary>The target run as <paramref name="role"/>: its session's credentials reach terraform as AWS_* variables.</summary>
    public InfraTarget For(DeployContext context, Aws.Sts.DeployRole role)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = For(context);
        var credentials = context.AwsAs(role).ProgramEnvironment();
        if (credentials.Count == 0)
        {
            return target;
        }

        var environment = new Dictionary<string, string>(target.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in credentials)
        {
            context.Secrets.Register(value);
            environment[name] = value;
        }

        return target with { Environment = environment };
    }

    private InfraTarget For(DeployContext context)
    {
        var environment = context.DeployEnvironment;
        // The configuration loader has checked that iacDir exists.
        var root = context.InConfigDirectory(environment.IacDirectory);

        var variables = new Dictionary<string, string>(
            TerraformCliConfig.Prepare(context.InRepository(Paths.InfraWorkDir), context.ProviderMirror,
                pluginCache: environment.Runner != IacRunner.Terragrunt),
            StringComparer.Ordinal);
        var work = Path.Combine(context.InRepository(Paths.InfraWorkDir), environment.Name);
        if (!context.IsLocal)
        {
            // The image of the revisions Terraform registers: the release tag this run pushed (or promoted), never
            // `latest`, which the IMMUTABLE repositories never hold (review row 20; _envcommon/compute.hcl reads it).
            variables[EnvVars.DeployReleaseTag] = Images.ImagePlan.Tag(context.ReleaseVersion
                ?? throw new InvalidOperationException("the release version is unknown: Preflight must run first"));
            return new InfraTarget(environment.Name, root, work, variables, new Dictionary<string, string>());
        }

        var local = context.LocalCloud;
        variables[AwsEndpointVariable] = local.AwsEndpoint.ToString().TrimEnd('/');
        variables[AwsRegionVariable] = context.Config.Region;
        variables[GitHubRepositoryVariable] = LocalCloud.LocalCloudSettings.GitHubRepository;
        variables[DeployStateBucketVariable] = DeployLock.DeployStateLocation.BucketFor(context);
        foreach (var (name, value) in localVariables.For(context))
        {
            variables[name] = value;
        }

        return ForLocalRoot(environment.Name, root, work, local.StateDirectory, variables);
    }

    /// <summary>A local root: backend "local" with its state under the local cloud's folder, checked against moto's generation.</summary>
    public static InfraTarget ForLocalRoot(string environment, string root, string work, string localCloudDirectory, IReadOnlyDictionary<string, string> variables)
    {
        var stateFile = Path.Combine(localCloudDirectory, "terraform", environment + ".tfstate");
        Directory.CreateDirectory(Path.GetDirectoryName(stateFile)!);
        var freshness = new LocalStateFreshness(stateFile, Path.Combine(localCloudDirectory, "moto", "generation"));
        return new InfraTarget(environment, root, work, variables,
            new Dictionary<string, string> { ["path"] = stateFile }, freshness);
    }

}
