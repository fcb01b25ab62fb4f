using Cake.Core.Diagnostics;
using Deploy.Build.Host.Secrets;
using Deploy.Build.Tools.Docker;

namespace Deploy.Build.Steps.Images;

/// <summary>
/// `docker login` to the image registry in the pipeline's own Docker config (password on stdin, registered as a
/// secret), undone on dispose so the credentials never outlive the step that needed them.
/// </summary>
public sealed class RegistrySignIn : IDisposable
{
    private readonly DockerTool _docker;
    private readonly DockerSettings _settings;
    private readonly RegistryLogin? _login;

    private RegistrySignIn(DockerTool docker, DockerSettings settings, RegistryLogin? login)
    {
        _docker = docker;
        _settings = settings;
        _login = login;
    }

    public static async Task<RegistrySignIn> StartAsync(
        DockerTool docker, IImageRegistry registry, DockerSettings settings, SecretRegistry secrets, ICakeLog log, Polly.ResiliencePipeline retry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(log);
        var login = await registry.GetLoginAsync(ct).ConfigureAwait(false);
        if (login is not null)
        {
            secrets.Register(login.Password);
            log.Information("Logging in to {0} as {1} (password on stdin).", login.Server, login.Username);
            RegistryTransferRetry.Run(retry, () => docker.Login(login.Server, login.Username, login.Password, settings), ct);
        }

        return new RegistrySignIn(docker, settings, login);
    }

    public void Dispose()
    {
        if (_login is not null)
        {
            _docker.Logout(_login.Server, _settings);
        }
    }
}
