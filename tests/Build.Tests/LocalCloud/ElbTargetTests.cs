using System.Text.Json;
using Deploy.Build.Aws.Elbv2;
using Deploy.Build.LocalCloud;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.LocalCloud;

/// <summary>
/// ELBv2 targets in the local cloud's moto behave as in AWS, where the local data plane relies on it: a target is its
/// address and port (two containers on 127.0.0.1 are two targets), and a deregistered one is listed as draining for
/// the group's deregistration delay, then no longer.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ElbTargetTests(EnforcingMotoServer moto) : IClassFixture<EnforcingMotoServer>
{
    private const string Region = "ap-northeast-1";

    [SkippableFact]
    public async Task Targets_on_one_address_are_told_apart_by_port_and_a_deregistered_one_drains_for_the_delay()
    {
        var account = LocalCloudSettings.AccountId;
        var vpc = JsonDocument.Parse((await moto.AwsAsync(account, "--region", Region, "ec2", "create-vpc", "--cidr-block", "10.9.0.0/16")).StdOut)
            .RootElement.GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        var created = await moto.AwsAsync(account, "--region", Region, "elbv2", "create-target-group", "--name", "tg-ports", "--protocol", "HTTP",
            "--port", "80", "--target-type", "ip", "--vpc-id", vpc);
        Assert.True(created.ExitCode == 0, created.Output);
        var arn = JsonDocument.Parse(created.StdOut).RootElement.GetProperty("TargetGroups")[0].GetProperty("TargetGroupArn").GetString()!;
        await moto.MustAsync(account, "--region", Region, "elbv2", "modify-target-group-attributes", "--target-group-arn", arn,
            "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2");
        using var elbv2 = new Elbv2Client(LocalCloudIdentities.Admin(moto.Settings, Region));

        await elbv2.RegisterTargetsAsync(arn, [new("127.0.0.1", 32001)]);
        await elbv2.RegisterTargetsAsync(arn, [new("127.0.0.1", 32002)]);
        var both = await elbv2.DescribeTargetHealthAsync(arn);
        await elbv2.DeregisterTargetsAsync(arn, [new("127.0.0.1", 32001)]);
        var draining = await elbv2.DescribeTargetHealthAsync(arn);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var drained = await elbv2.DescribeTargetHealthAsync(arn);

        Assert.Equal([(32001, "healthy"), (32002, "healthy")], both.Select(t => (t.Port, t.State)).Order());
        Assert.Equal([(32001, "draining"), (32002, "healthy")], draining.Select(t => (t.Port, t.State)).Order());
        Assert.Equal([(32002, "healthy")], drained.Select(t => (t.Port, t.State)));
    }
}
