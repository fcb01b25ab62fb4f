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

    /// <summary>The launcher that runs moto_server with IAM enforced (copied beside the pipeline's assembly).</summary>
    public static string Launcher => Path.Combine(AppContext.BaseDirectory, "moto_iam.py");

    private const string ContainerLauncher = "/opt/moto_iam.py";

    private Dictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true",
        ["MOTO_RECORDER_FILEPATH"] = RecordingFile,
    }.Concat(IamEnvironment(Settings.BootstrapFile)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>What moto_iam.py reads: the local accounts, and where their administrators' keys go.</summary>
    public static Dictionary<string, string> IamEnvironment(string bootstrapFile) => new(StringComparer.Ordinal)
    {
        ["MOTO_IAM_ACCOUNTS"] = $"{LocalCloudSettings.AccountId},{LocalCloudSettings.SecondAccountId}",
        ["MOTO_IAM_BOOTSTRAP_FILE"] = bootstrapFile,
    };

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        await HealthProbe.StatusAsync(new Uri(Settings.MotoEndpoint, "/moto-api/"), cancellationToken).ConfigureAwait(false) == HttpStatusCode.OK;

    /// <summary>The launcher, run by the Python that runs <paramref name="binary"/> (moto_server's own interpreter).</summary>
    public override ProcessCommand ProcessCommand(string binary)
    {
        Directory.CreateDirectory(Settings.MotoDirectory);
        return new([Interpreter(binary), Launcher, "-H", LocalCloudSettings.Host, "-p", Port.ToString(CultureInfo.InvariantCulture)], Environment);
    }

    public override ContainerCommand ContainerCommand()
    {
        Directory.CreateDirectory(Settings.MotoDirectory);
        return new(Image, [ContainerLauncher, "-H", LocalCloudSettings.Host, "-p", Port.ToString(CultureInfo.InvariantCulture)])
        {
            Entrypoint = "python",
            Environment = Environment,
            Volumes = new Dictionary<string, string> { [Launcher] = ContainerLauncher, [Settings.MotoDirectory] = Settings.MotoDirectory },
        };
    }

    /// <summary>
    /// The interpreter of a pip-installed moto_server script (its #! line), or python3 when the script is not a
    /// Python one (a pyenv shim, for instance, which runs the python3 of the same environment).
    /// </summary>
    public static string Interpreter(string binary)
    {
        try
        {
            using var reader = new StreamReader(binary);
            var first = reader.ReadLine() ?? string.Empty;
            if (first.StartsWith("#!", StringComparison.Ordinal) && first.Contains("python", StringComparison.Ordinal))
            {
                var command = first[2..].Trim();
                return command.StartsWith("/usr/bin/env ", StringComparison.Ordinal) ? command["/usr/bin/env ".Length..].Trim() : command.Split(' ')[0];
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "python3";
    }

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
