using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Deploy.Build.Benchmark;

/// <summary>Settings for `aws s3 sync SOURCE s3://BUCKET` (the tool users would pick instead of ours).</summary>
public sealed class AwsS3SyncSettings : ToolSettings
{
    public required string Source { get; init; }

    public required string Destination { get; init; }

    public Uri? EndpointUrl { get; init; }

    public bool Delete { get; init; }
}

/// <summary>The AWS CLI's `s3 sync`, in the Cake addin style; credentials come from the environment, never arguments.</summary>
public sealed class AwsS3SyncTool(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator tools)
    : Tool<AwsS3SyncSettings>(fileSystem, environment, processRunner, tools)
{
    public void Sync(AwsS3SyncSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var args = new ProcessArgumentBuilder()
            .Append("s3").Append("sync")
            .AppendQuoted(settings.Source)
            .AppendQuoted(settings.Destination)
            .Append("--no-progress")
            .Append("--only-show-errors");
        if (settings.EndpointUrl is not null)
        {
            args.Append("--endpoint-url").AppendQuoted(settings.EndpointUrl.ToString());
        }

        if (settings.Delete)
        {
            args.Append("--delete");
        }

        Run(settings, args);
    }

    protected override string GetToolName() => "AWS CLI";

    protected override IEnumerable<string> GetToolExecutableNames() => ["aws"];
}
