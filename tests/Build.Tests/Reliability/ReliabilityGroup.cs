using Deploy.Build.Tests.Faults;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Reliability;

/// <summary>The reliability tests deploy whole local clouds: one at a time, after the rest of the suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityGroup : ICollectionFixture<BaselineDeployment>
{
    public const string Name = "reliability";
}

/// <summary>
/// A fault-free DeployLocal from scratch, through proxies that inject nothing (so its requests are counted too):
/// the reference the faulty runs are compared with, and the deployed cloud the dry-run and lock tests start from.
/// Deployed on first use, so a filtered run of one test that does not need it pays nothing.
/// </summary>
public sealed class BaselineDeployment : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1);
    private LocalDeployment? _deployment;

    public DeploySnapshot Snapshot { get; private set; } = null!;

    public ProcessResult FirstRun { get; private set; } = null!;

    public int AwsRequests { get; private set; }

    public int RegistryRequests { get; private set; }

    public async Task<LocalDeployment> DeployedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_deployment is null)
            {
                var deployment = await LocalDeployment.Create("rlb").WithProxiesAsync(FaultPlan.None);
                _deployment = deployment;
                FirstRun = await deployment.RunAsync("DeployLocal");
                if (FirstRun.ExitCode != 0)
                {
                    // The whole output (the assertion keeps its tail), beside the test results.
                    await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"baseline-{deployment.Project}.log"), FirstRun.Output);
                }

                Assert.True(FirstRun.ExitCode == 0, LocalDeployment.Tail(FirstRun.Output));
                AwsRequests = deployment.AwsProxy!.Requests;
                RegistryRequests = deployment.RegistryProxy!.Requests;
                Snapshot = await DeploySnapshot.TakeAsync(deployment);
            }

            return _deployment;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }

    public void Dispose() => _gate.Dispose();
}
