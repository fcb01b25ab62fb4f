namespace Deploy.Build.Steps.Setup;

/// <summary>What a set-up prepares the machine for.</summary>
public enum SetupScope
{
    /// <summary>DeployLocal and LocalUp: the Docker engine and the local cloud's servers.</summary>
    LocalCloud,

    /// <summary>The Setup target (and .ci/run): the local cloud and what the tests use besides.</summary>
    LocalCloudAndTests,
}

/// <summary>A Debian package the pipeline installs when the program it provides is missing.</summary>
/// <param name="Package">The Debian package name.</param>
/// <param name="Program">The program whose absence means the package is needed (a name on PATH, or an absolute path).</param>
/// <param name="ForTestsOnly">Needed by the tests only (not by a local deploy).</param>
/// <param name="Why">What it is for, for the log.</param>
public sealed record SystemPackage(string Package, string Program, bool ForTestsOnly, string Why)
{
    public bool In(SetupScope scope) => !ForTestsOnly || scope == SetupScope.LocalCloudAndTests;
}

/// <summary>The one list of system packages (Debian names) the set-up installs; .ci/run and DeployLocal both use it.</summary>
public static class SystemPackages
{
    /// <summary>The Docker engine (dockerd) and CLI: image builds and the local data plane.</summary>
    public static readonly SystemPackage DockerEngine = new("docker.io", "dockerd", false, "the Docker engine");

    /// <summary>Binaries of PostgreSQL servers Debian keeps out of PATH (initdb under /usr/lib/postgresql/N/bin).</summary>
    public const string PostgresLibDirectory = "/usr/lib/postgresql";

    public static readonly IReadOnlyList<SystemPackage> All =
    [
        DockerEngine,
        new("docker-registry", "docker-registry", false, "the local ECR registry; else the registry:2 image"),
        new("postgresql", "initdb", false, "the local Aurora; else the postgres:15 image"),
        new("nginx-light", "/usr/sbin/nginx", false, "the local edge; else the nginx:stable image"),
        new("shellcheck", "shellcheck", true, "the script checks of the tests"),
        new("busybox-static", "/bin/busybox", true, "the tests' minimal images"),
        new("chromium", "chromium", true, "the browser tests of the deployed app"),
    ];

    public static IReadOnlyList<SystemPackage> For(SetupScope scope) => [.. All.Where(p => p.In(scope))];
}
