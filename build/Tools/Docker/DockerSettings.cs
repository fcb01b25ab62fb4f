using Cake.Core.Tooling;

namespace Deploy.Build.Tools.Docker;

/// <summary>Settings every docker command shares.</summary>
public class DockerSettings : ToolSettings
{
    /// <summary>DOCKER_CONFIG for the command: the pipeline keeps registry logins in its own folder, not the user's.</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>Each output line goes to the Cake log with this prefix (e.g. the image name).</summary>
    public string? LogPrefix { get; set; }
}

/// <summary>Which builder runs `docker build`.</summary>
public enum DockerBuilder
{
    /// <summary>The legacy builder (DOCKER_BUILDKIT=0), when the client has no buildx.</summary>
    Classic,

    /// <summary>BuildKit through `docker buildx build --load`.</summary>
    Buildx,
}

public sealed class DockerBuildSettings : DockerSettings
{
    public DockerBuilder Builder { get; set; } = DockerBuilder.Classic;

    /// <summary>Dockerfile path (-f), relative to the working directory or absolute.</summary>
    public string? File { get; set; }

    public IList<string> Tags { get; } = [];

    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IDictionary<string, string> BuildArgs { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public string? Platform { get; set; }

    /// <summary>Images (classic) or registry references (buildx, as type=registry) to take layer cache from.</summary>
    public IList<string> CacheFrom { get; } = [];

    public bool NoCache { get; set; }

    /// <summary>--network for RUN steps (host on machines without a bridge network).</summary>
    public string? Network { get; set; }
}
