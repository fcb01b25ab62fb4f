using System.Globalization;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Ecs;

/// <summary>
/// A PostgreSQL of the test's own on a free loopback port (as root, run as the postgres user, like
/// examples/webapp/smoke-test.sh), with one database and a password login for the app.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private bool _started;

    public int Port { get; } = MotoServer.FreePort();

    public string Password { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>The app's connection URL (a secret: it goes to SSM, never to arguments or logs).</summary>
    public string DatabaseUrl => string.Create(CultureInfo.InvariantCulture, $"postgres://app:{Password}@127.0.0.1:{Port}/app");

    public async Task StartAsync()
    {
        Requirements.Tool("initdb");
        Requirements.Tool("pg_ctl");
        var psql = Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).Where(p => p.EndsWith("/bin/psql", StringComparison.Ordinal))
                       .Order(StringComparer.Ordinal).LastOrDefault()
                   ?? Requirements.Tool("psql");
        var data = Path.Combine(_dir.Path, "data");
        var sock = Path.Combine(_dir.Path, "sock");
        Directory.CreateDirectory(sock);
        if (Environment.UserName == "root")
        {
            await Check(Run.ProcessAsync("chown", ["-R", "postgres", _dir.Path]));
        }

        await Check(AsPostgres($"initdb -D '{data}' -U postgres --auth-local=trust --auth-host=scram-sha-256"));
        await Check(AsPostgres($"pg_ctl -D '{data}' -l '{_dir.Path}/log' -o \"-k {sock} -h 127.0.0.1 -p {Port}\" -w start"));
        _started = true;
        await Check(Run.ProcessAsync(psql, ["-X", "-q", "-h", sock, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres",
            "-c", $"create role app login password '{Password}'", "-c", "create database app owner app"]));
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await AsPostgres($"pg_ctl -D '{Path.Combine(_dir.Path, "data")}' -m fast -w stop");
        }

        _dir.Dispose();
    }

    private static Task<ProcessResult> AsPostgres(string command) =>
        Environment.UserName == "root"
            ? Run.ProcessAsync("su", ["postgres", "-s", "/bin/sh", "-c", command])
            : Run.ProcessAsync("sh", ["-c", command]);

    private static async Task Check(Task<ProcessResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
