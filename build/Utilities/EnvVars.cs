namespace Deploy.Build.Utilities;

/// <summary>Environment variables the pipeline reads, in one place.</summary>
public static class EnvVars
{
    public const string GitHubActions = "GITHUB_ACTIONS";
    public const string GitHubRef = "GITHUB_REF";

    /// <summary>Set by the pipeline on every Terragrunt run: the release tag (infra/terraform/envs/_envcommon/compute.hcl).</summary>
    public const string DeployReleaseTag = "DEPLOY_RELEASE_TAG";
    public const string GitHubStepSummary = "GITHUB_STEP_SUMMARY";
    public const string GitHubActor = "GITHUB_ACTOR";
    public const string GitHubRunId = "GITHUB_RUN_ID";
    public const string GitHubRunAttempt = "GITHUB_RUN_ATTEMPT";
    public const string GitHubServerUrl = "GITHUB_SERVER_URL";
    public const string GitHubRepository = "GITHUB_REPOSITORY";

    /// <summary>As Actions sets them: the REST API's root, the commit the workflow runs on, and the job's token when the workflow passes it.</summary>
    public const string GitHubApiUrl = "GITHUB_API_URL";
    public const string GitHubSha = "GITHUB_SHA";
    public const string GitHubToken = "GITHUB_TOKEN";

    /// <summary>Incoming-webhook URL (Slack-compatible) for deploy notices; a secret, redacted from every log line.</summary>
    public const string DeployWebhookUrl = "DEPLOY_WEBHOOK_URL";

    /// <summary>Set in GitHub Actions when the workflow grants id-token: write: where (and with which bearer) a job asks for its OIDC token.</summary>
    public const string ActionsIdTokenRequestUrl = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string ActionsIdTokenRequestToken = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    /// <summary>Reproducible builds' clock: the image's created time when set.</summary>
    public const string SourceDateEpoch = "SOURCE_DATE_EPOCH";

    /// <summary>The AWS SDKs' endpoint overrides (the STS one first).</summary>
    public const string AwsEndpointUrlSts = "AWS_ENDPOINT_URL_STS";
    public const string AwsEndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>Variables the pipeline sets for the programs it runs.</summary>
    public const string DockerConfig = "DOCKER_CONFIG";
    public const string DockerBuildKit = "DOCKER_BUILDKIT";
    public const string TerraformCheckpointDisable = "CHECKPOINT_DISABLE";

    /// <summary>Folder holding registry.terraform.io/... provider packages (a filesystem mirror).</summary>
    public const string TerraformProviderMirror = "TF_PROVIDER_MIRROR";
    public const string TerraformCliConfigFile = "TF_CLI_CONFIG_FILE";
    public const string TerraformPluginCacheDir = "TF_PLUGIN_CACHE_DIR";
    public const string TerraformInAutomation = "TF_IN_AUTOMATION";

    public const string AwsAccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string AwsSecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string AwsSessionToken = "AWS_SESSION_TOKEN";

    /// <summary>Cleared for the programs a role session runs, so a profile or a web-identity file cannot take over.</summary>
    public static readonly string[] AwsIdentityOverrides = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];

    /// <summary>Minutes a service rollout may take to become stable (DeployServices, Rollback, ScaleServices; default 30).</summary>
    public const string RolloutTimeoutMinutes = "DEPLOY_ROLLOUT_TIMEOUT_MINUTES";

    public const string LocalCloudMotoPort = "LOCAL_CLOUD_MOTO_PORT";
    public const string LocalCloudRegistryPort = "LOCAL_CLOUD_REGISTRY_PORT";
    public const string LocalCloudPostgresPort = "LOCAL_CLOUD_POSTGRES_PORT";
    /// <summary>The local edge's CloudFront stand-in (default 8080): the one URL to open.</summary>
    public const string LocalCloudEdgePort = "LOCAL_CLOUD_EDGE_PORT";
    /// <summary>The local edge's ALB stand-in (default 8081): refuses requests without the origin header, as the ALB's rules do.</summary>
    public const string LocalCloudAlbPort = "LOCAL_CLOUD_ALB_PORT";

    /// <summary>Where the pipeline sends AWS calls instead of moto's port (e.g. a proxy in front of moto).</summary>
    public const string LocalCloudAwsEndpoint = "LOCAL_CLOUD_AWS_ENDPOINT";
    /// <summary>host:port the pipeline pushes to instead of the registry's port (e.g. a proxy in front of it).</summary>
    public const string LocalCloudRegistryEndpoint = "LOCAL_CLOUD_REGISTRY_ENDPOINT";

    /// <summary>The local cloud's state folder (default: .local-cloud at the repository root).</summary>
    public const string LocalCloudStateDir = "LOCAL_CLOUD_STATE_DIR";

    /// <summary>Optional htpasswd file: the local registry then asks for basic auth (default: no auth).</summary>
    public const string LocalCloudRegistryHtpasswd = "LOCAL_CLOUD_REGISTRY_HTPASSWD";
    /// <summary>Credentials of the local registry when it runs with an htpasswd file (none: anonymous).</summary>
    public const string LocalCloudRegistryUsername = "LOCAL_CLOUD_REGISTRY_USERNAME";
    public const string LocalCloudRegistryPassword = "LOCAL_CLOUD_REGISTRY_PASSWORD";
}
