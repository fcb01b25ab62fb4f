using System.Security.Cryptography;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// `--dry-run` of the whole DeployLocal on a deployed local cloud with changes pending (a new image, a new static
/// file, an infrastructure change): it reports them and makes no mutating request, counted at the proxies and by
/// moto's recorder; nothing is pushed, applied, uploaded or registered.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class DryRunDeployTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_dry_run_with_pending_changes_makes_no_mutating_request()
    {
        var deployment = await baseline.DeployedAsync();
        var site = Path.Combine(deployment.ConfigDirectory, "site");
        LocalDeployment.CopyDirectory(Repo.PathOf("examples/webapp/web/dist"), site);
        await File.WriteAllTextAsync(Path.Combine(site, "extra.html"), "<!doctype html><title>pending</title>");
        deployment.WriteConfig(yaml => yaml
            .Replace("source: ../../../examples/webapp/web/dist", "source: site", StringComparison.Ordinal)
            .Replace("images:\n", "images:\n  - name: worker\n    context: ../../../examples/webapp/api\n    dockerfile: Dockerfile\n    platform: linux/amd64\n", StringComparison.Ordinal));
        var state = StateHash(deployment);
        // What the shared cloud is now (other tests on it may have deployed since the baseline).
        var before = (await DeploySnapshot.TakeAsync(deployment)).ToString();
        // moto records the Host the client signed: the proxy's address.
        using var recording = new MotoRecording(deployment.MotoPort, deployment.AwsProxy!.Port);
        deployment.AwsProxy!.ResetLog();
        deployment.RegistryProxy!.ResetLog();
        await recording.StartAsync();

        ProcessResult run;
        try
        {
            // TF_VAR_web_port: a pending infrastructure change for the plan to show.
            run = await deployment.RunAsync("DeployLocal", ["--dry-run"], new Dictionary<string, string?> { ["TF_VAR_web_port"] = "3100" });
        }
        finally
        {
            deployment.WriteConfig(yaml => yaml);
        }

        var recorded = await recording.StopAsync();
        var proxied = deployment.AwsProxy.Log.Select(l => l.Request).Concat(deployment.RegistryProxy.Log.Select(l => l.Request)).ToList();
        output.WriteLine($"dry run: {deployment.AwsProxy.Requests} AWS + {deployment.RegistryProxy.Requests} registry requests at the proxies, {recorded.Count} recorded by moto; "
                         + $"mutating: {proxied.Count(r => r.IsMutating)} at the proxies, {recorded.Count(r => r.IsMutating)} recorded");
        Assert.True(run.ExitCode == 0, LocalDeployment.Tail(run.Output));

        // The pending changes were seen...
        Assert.Contains("extra.html", run.Output, StringComparison.Ordinal);
        Assert.Contains("would build", run.Output, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(run.Output, @"TerragruntApply\s+ok\s+[\d.]+ s\s+.*would apply"), LocalDeployment.Tail(run.Output));
        // ...and nothing was changed.
        Assert.NotEmpty(recorded);
        Assert.Empty(proxied.Where(r => r.IsMutating).Select(r => $"{r.Method} {r.Path} {r.Operation}"));
        Assert.Empty(recorded.Where(r => r.IsMutating).Select(r => $"{r.Method} {r.Path} {r.Operation}"));
        Assert.Equal(state, StateHash(deployment));
        Assert.Equal(before, (await DeploySnapshot.TakeAsync(deployment)).ToString());
    }

    private static string StateHash(LocalDeployment deployment) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(deployment.StatePath, "terraform", "local.tfstate"))));
}
