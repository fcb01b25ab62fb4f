using System.Globalization;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.ExampleApp;

/// <summary>
/// The example application builds here with no image pulls and behaves as the deploy expects:
/// /health, a real migration (applied once, refused when broken), the hashed static build.
/// Runs the app's own smoke script against real Docker and PostgreSQL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExampleAppTests
{
    [SkippableFact]
    public async Task Builds_runs_migrates_and_serves_with_no_image_pulls()
    {
        Requirements.Tool("docker");
        Requirements.Tool("initdb");
        Requirements.Tool("node");
        Requirements.Tool("curl");
        var info = await Run.ProcessAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Skip.If(info.ExitCode != 0 && !Requirements.InCi, "the Docker engine is not running");
        Assert.True(info.ExitCode == 0, "the Docker engine is not running: " + info.Output);

        var env = new Dictionary<string, string?>
        {
            ["SMOKE_PG_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["SMOKE_API_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["SMOKE_WEB_PORT"] = MotoServer.FreePort().ToString(CultureInfo.InvariantCulture),
        };
        var result = await Run.ProcessAsync(
            "bash", [Repo.PathOf("examples/webapp/smoke-test.sh")], Repo.PathOf("examples/webapp"), env, TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(result.StdOut.Split('\n'), line => line.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Contains("smoke test: all checks passed", result.StdOut, StringComparison.Ordinal);
    }
}
