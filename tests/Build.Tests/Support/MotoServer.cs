using Deploy.Build.LocalCloud;

namespace Deploy.Build.Tests.Support;

/// <summary>A real moto_server on a free loopback port, for as long as the test class needs it.</summary>
public sealed class MotoServer : IAsyncLifetime
{
    private MotoProcess? _moto;

    public int Port => _moto?.Endpoint.Port ?? 0;

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync() =>
        _moto = await MotoProcess.StartAsync(Requirements.Tool("moto_server"), environment: new Dictionary<string, string> { ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true" });

    public Task DisposeAsync()
    {
        _moto?.Dispose();
        return Task.CompletedTask;
    }

    public static int FreePort() => Deploy.Build.LocalCloud.LoopbackPort.Free();
}
