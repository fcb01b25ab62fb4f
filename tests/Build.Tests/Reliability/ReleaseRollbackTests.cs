using System.Text.Json;
using Amazon.S3.Model;
using Deploy.Build.Steps.DeployLock;
using Deploy.Build.Tests.Support;
using Xunit.Abstractions;

namespace Deploy.Build.Tests.Reliability;

/// <summary>
/// Releases you can name, on the shared deployed cloud: release A (the baseline), then release B with a new API image
/// and migration and a new front end (image and static site); <c>Rollback --to=A</c> puts A's digests, task definitions and
/// files back, leaves B's migration applied, and audits a rollback; <c>Verify</c> then exits 0, and exits 2 naming an S3
/// object and a service changed by hand. The state is put back for the other tests afterwards.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityGroup.Name)]
public sealed class ReleaseRollbackTests(BaselineDeployment baseline, ITestOutputHelper output)
{
    private const string ApiMarker = "\"variant\":\"release-b\"";
    private const string PageMarker = "<!-- release B -->";

    [SkippableFact]
    public async Task Rollback_to_a_named_release_puts_its_digests_and_files_back_and_Verify_finds_drift_made_by_hand()
    {
        var deployment = await baseline.DeployedAsync();
        var a = (await AuditAsync(deployment)).First(r => r.IsRelease);
        using var http = new HttpClient();
        var pageA = await http.GetStringAsync(deployment.EdgeUrl);
        var api = Path.Combine(deployment.ConfigDirectory, "api-b");
        var web = Path.Combine(deployment.ConfigDirectory, "web-b");
        LocalDeployment.CopyDirectory(Repo.PathOf("examples/webapp/api"), api);
        LocalDeployment.CopyDirectory(Repo.PathOf("examples/webapp/web"), web);
        var handler = Path.Combine(api, "scripts", "handle");
        await File.WriteAllTextAsync(handler, (await File.ReadAllTextAsync(handler)).Replace(
            "printf '\"service\":\"%s\",\"version\"", "printf '\"service\":\"%s\",\"variant\":\"release-b\",\"version\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(api, "migrations", "0003_release_b_tags.sql"), "-- Release B: an added column (expand only).\nalter table notes add column tag text;\n");
        var page = Path.Combine(web, "src", "index.html");
        await File.WriteAllTextAsync(page, (await File.ReadAllTextAsync(page)).Replace("</body>", PageMarker + "\n</body>", StringComparison.Ordinal));
        deployment.WriteConfig(yaml => yaml.Replace("../../../examples/webapp/api", "api-b", StringComparison.Ordinal)
            .Replace("../../../examples/webapp/web", "web-b", StringComparison.Ordinal));

        try
        {
            var b = await RunAsync(deployment, "DeployLocal", "release B");
            Assert.Contains(ApiMarker, await http.GetStringAsync(new Uri(deployment.EdgeUrl, "api/health")), StringComparison.Ordinal);
            Assert.Contains(PageMarker, await http.GetStringAsync(deployment.EdgeUrl), StringComparison.Ordinal);
            var releaseB = (await AuditAsync(deployment)).First(r => r.IsRelease);
            Assert.NotEqual(a.Digests["api"], releaseB.Digests["api"]);
            Assert.NotEqual(a.Digests["web"], releaseB.Digests["web"]);
            Assert.Contains("live " + releaseB.RunId, (await RunAsync(deployment, "Releases", "releases after B")).Output, StringComparison.Ordinal);

            // The dry run prints the whole rollback and changes nothing.
            var dry = await RunAsync(deployment, "Rollback", "rollback dry run", "--to=" + a.RunId, "--dry-run");
            Assert.Contains($"would roll local back from release {releaseB.RunId}", dry.Output, StringComparison.Ordinal);
            Assert.Contains(PageMarker, await http.GetStringAsync(deployment.EdgeUrl), StringComparison.Ordinal);

            var rollback = await RunAsync(deployment, "Rollback", "Rollback --to=A", "--to=" + a.RunId);
            var summary = RunSummaryText.Of(rollback.Output);
            Assert.Contains("migrations stay applied", summary, StringComparison.Ordinal);
            Assert.Matches(@"api: revision \d+ -> \d+, stable", summary);
            Assert.Contains("web: invalidation", summary, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiMarker, await http.GetStringAsync(new Uri(deployment.EdgeUrl, "api/health")), StringComparison.Ordinal);
            Assert.Equal(pageA, await http.GetStringAsync(deployment.EdgeUrl));

            // The services run A's task definitions, whose images are A's digests; B's migration stays applied.
            foreach (var (service, arn) in a.TaskDefinitions!)
            {
                var running = (await deployment.AwsAsync("ecs", "describe-services", "--cluster", $"{deployment.Project}-local-cluster", "--services", $"{deployment.Project}-local-{service}"))
                    .GetProperty("services")[0].GetProperty("taskDefinition").GetString();
                Assert.Equal(arn, running);
                var image = (await deployment.AwsAsync("ecs", "describe-task-definition", "--task-definition", arn)).GetProperty("taskDefinition")
                    .GetProperty("containerDefinitions")[0].GetProperty("image").GetString();
                Assert.EndsWith("@" + a.Digests[service], image, StringComparison.Ordinal);
            }

            Assert.True(await ColumnExistsAsync(deployment, "tag"), "release B's migration stays applied after the rollback");
            var record = (await AuditAsync(deployment)).First();
            Assert.Equal(("Rollback", "ok", a.RunId, a.Release), (record.Target, record.Result, record.RestoredRelease, record.Release));
            Assert.Equal(a.Digests, record.Digests);
            Assert.Contains($"rollback to {a.RunId}", (await RunAsync(deployment, "Releases", "releases after the rollback")).Output, StringComparison.Ordinal);

            var inSync = await RunAsync(deployment, "Verify", "Verify after the rollback");
            Assert.Contains($"in sync with release {record.RunId}", RunSummaryText.Of(inSync.Output), StringComparison.Ordinal);

            // Drift made by hand: a page overwritten in S3 and a service scaled outside the pipeline.
            using (var s3 = deployment.DirectS3())
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = deployment.Bucket, Key = "index.html", ContentBody = "<html>edited by hand</html>", ContentType = "text/html" });
            }

            await deployment.AwsAsync("ecs", "update-service", "--cluster", $"{deployment.Project}-local-cluster", "--service", $"{deployment.Project}-local-api", "--desired-count", "2");
            var drifted = await deployment.RunAsync("Verify");
            output.WriteLine(RunSummaryText.Of(drifted.Output));
            Assert.True(drifted.ExitCode == 2, LocalDeployment.Tail(drifted.Output));
            Assert.Contains($"s3://{deployment.Bucket}/index.html: content differs from release {record.RunId}'s", drifted.Output, StringComparison.Ordinal);
            Assert.Contains($"service {deployment.Project}-local-api: desired count 2, release {record.RunId} left 1", drifted.Output, StringComparison.Ordinal);
        }
        finally
        {
            await deployment.AwsAsync("ecs", "update-service", "--cluster", $"{deployment.Project}-local-cluster", "--service", $"{deployment.Project}-local-api", "--desired-count", "1");
            deployment.WriteConfig(yaml => yaml);
            var restore = await deployment.RunAsync("DeployLocal");
            output.WriteLine(RunSummaryText.Of(restore.Output));
            Assert.True(restore.ExitCode == 0, LocalDeployment.Tail(restore.Output));
        }
    }

    private async Task<ProcessResult> RunAsync(LocalDeployment deployment, string target, string what, params string[] args)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var run = await deployment.RunAsync(target, args);
        output.WriteLine($"{target}, {what}: {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (exit {run.ExitCode})");
        output.WriteLine(RunSummaryText.Of(run.Output));
        Assert.True(run.ExitCode == 0, LocalDeployment.Tail(run.Output));
        return run;
    }

    /// <summary>The environment's audit records, newest first, read straight from the state bucket.</summary>
    private static async Task<List<AuditRecord>> AuditAsync(LocalDeployment deployment)
    {
        using var s3 = deployment.DirectS3();
        var bucket = $"{deployment.Project}-local-deploy-state";
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = DeployStateStore.AuditPrefix + "local/" });
        var records = new List<AuditRecord>();
        foreach (var key in (listed.S3Objects ?? []).Select(o => o.Key).OrderDescending(StringComparer.Ordinal))
        {
            using var response = await s3.GetObjectAsync(bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            records.Add(AuditRecord.FromJson(await reader.ReadToEndAsync()));
        }

        return records;
    }

    private static async Task<bool> ColumnExistsAsync(LocalDeployment deployment, string column)
    {
        await using var connection = await deployment.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from information_schema.columns where table_name = 'notes' and column_name = @c", connection);
        command.Parameters.AddWithValue("c", column);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
