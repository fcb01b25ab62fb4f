using System.Globalization;
using System.Net;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// moto_server: the AWS APIs. Its state is in memory, so every fresh start records a new generation
/// id (.local-cloud/moto/generation) that tells other tasks their saved state is stale.
/// </summary>
public sealed class MotoService(LocalCloudSettings settings) : LocalService(settings)
{
    public const string Image = "motoserver/moto:latest";

    public override string Name => "moto";

    public override int Port => Settings.MotoPort;

    public override string PortVariable => EnvVars.LocalCloudMotoPort;

    public override string Binary => "moto_server";

    public override string InstallHint => "pip install 'moto[server]'";

    public string GenerationFile => Path.Combine(Settings.MotoDirectory, "generation");

    /// <summary>Where moto's request recorder writes when a test turns it on (/moto-api/recorder/start-recording).</summary>
    public string RecordingFile => Path.Combine(Settings.MotoDirectory, "recording.jsonl");

    private Dictionary<string, string> Environment => new()
    {
        ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true",
        ["MOTO_RECORDER_FILEPATH"] = RecordingFile,
    };

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        await HealthProbe.StatusAsync(new Uri(Settings.MotoEndpoint, "/moto-api/"), cancellationToken).ConfigureAwait(false) == HttpStatusCode.OK;

    public override ProcessCommand ProcessCommand(string binary) =>
        new([binary, "-H", LocalCloudSettings.Host, "-p", Port.ToString(CultureInfo.InvariantCulture)], Environment);

    public override ContainerCommand ContainerCommand() =>
        new(Image, ["-H", LocalCloudSettings.Host, "-p", Port.ToString(CultureInfo.InvariantCulture)])
        {
            Entrypoint = "moto_server",
            Environment = Environment,
        };

    public override Task OnHealthyAsync(bool freshStart, CancellationToken cancellationToken)
    {
        if (freshStart || !File.Exists(GenerationFile))
        {
            Directory.CreateDirectory(Settings.MotoDirectory);
            var generation = $"{DateTimeOffset.UtcNow:yyyyMMddTHHmmssZ}-{Guid.NewGuid():N}";
            File.WriteAllText(GenerationFile + ".tmp", generation + "\n");
            File.Move(GenerationFile + ".tmp", GenerationFile, overwrite: true);
        }

        return Task.CompletedTask;
    }
}
