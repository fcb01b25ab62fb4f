using Deploy.Build.Aws;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// moto as the local cloud runs it: IAM enforced from the first request (moto_iam.py), two accounts, each with its
/// bootstrap administrator. The AWS CLI helper acts as that administrator.
/// </summary>
public sealed class EnforcingMotoServer : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private MotoProcess? _moto;

    public Uri Endpoint => _moto?.Endpoint ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        // LocalCloudSettings keeps moto's files in <state>/moto: mirror that layout so LocalCloudIdentities finds the keys.
        Directory.CreateDirectory(Path.Combine(_dir.Path, "moto"));
        _moto = await MotoProcess.StartAsync(Requirements.Tool("moto_server"), bootstrapFile: Path.Combine(_dir.Path, "moto", "bootstrap.json"));
    }

    /// <summary>The local cloud's settings for this moto: its state folder and endpoint (no registry, no database).</summary>
    public LocalCloudSettings Settings => new(_dir.Path, Endpoint.Port, 0, 0) { AwsEndpointOverride = Endpoint };

    /// <summary>The AWS CLI as an account's administrator.</summary>
    public async Task<ProcessResult> AwsAsync(string account, params string[] args) =>
        await Run.ProcessAsync("aws", ["--endpoint-url", Endpoint.ToString(), "--output", "json", .. args],
            environment: AdminCliEnvironment(Settings, account));

    /// <summary>The AWS CLI's variables for a local account's administrator (the local cloud enforces IAM).</summary>
    public static Dictionary<string, string?> AdminCliEnvironment(LocalCloudSettings settings, string account = LocalCloudSettings.AccountId)
    {
        var (key, secret, _) = LocalCloudIdentities.AdminKeys(settings, account);
        return new()
        {
            ["AWS_ACCESS_KEY_ID"] = key,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_REGION"] = "ap-northeast-1",
            ["AWS_PAGER"] = string.Empty,
        };
    }

    public async Task MustAsync(string account, params string[] args)
    {
        var result = await AwsAsync(account, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Output}");
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _moto?.Dispose();
        _dir.Dispose();
    }
}
