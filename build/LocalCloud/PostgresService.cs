using System.Globalization;
using Deploy.Build.Tools.Processes;
using Npgsql;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// PostgreSQL, the local Aurora: initdb into .local-cloud/postgres/data with a generated superuser
/// password (scram-sha-256), postgres -h 127.0.0.1 -p PORT -k .local-cloud/postgres/run, and an
/// "app" role and database. As root it runs as the postgres user (PostgreSQL refuses root).
/// Stopped with SIGINT, which is pg_ctl stop -m fast.
/// </summary>
public sealed class PostgresService(LocalCloudSettings settings, Func<string, string?> locate) : LocalService(settings)
{
    public const string Image = "postgres:15";
    public const string OsUser = "postgres";

    private readonly LocalCloudState _state = new(settings);

    public override string Name => "postgres";

    public override int Port => Settings.PostgresPort;

    public override string PortVariable => EnvVars.LocalCloudPostgresPort;

    public override string Binary => "postgres";

    public override string InstallHint => "apt-get install postgresql-15 (initdb and postgres on PATH or under /usr/lib/postgresql/*/bin)";

    public override int StopSignal => OsProcess.SigInt;

    public string DataDirectory => Path.Combine(Settings.PostgresDirectory, "data");

    public string SocketDirectory => Path.Combine(Settings.PostgresDirectory, "run");

    public string ContainerDataDirectory => Path.Combine(Settings.PostgresDirectory, "container-data");

    private static bool AsOtherUser => OsProcess.IsRoot;

    /// <summary>postgres from PATH (initdb beside it), else the newest /usr/lib/postgresql/N/bin; as root, setpriv too.</summary>
    public override string? LocateBinary(Func<string, string?> locate)
    {
        ArgumentNullException.ThrowIfNull(locate);
        if (AsOtherUser && locate("setpriv") is null)
        {
            return null;
        }

        var candidates = new[] { locate(Binary) }
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin", Binary))
                : []);
        return candidates.FirstOrDefault(p => p is not null && File.Exists(p) && File.Exists(Sibling(p, "initdb")));
    }

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (SecretFile.Read(_state.SuperuserPasswordFile) is null)
        {
            return false;
        }

        try
        {
            await using var connection = new NpgsqlConnection(_state.SuperuserConnectionString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("select 1", connection);
            return Equals(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), 1);
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public override async Task PrepareAsync(LaunchStrategy strategy, string? binary, CancellationToken cancellationToken)
    {
        var superuserPassword = SecretFile.ReadOrCreate(_state.SuperuserPasswordFile);
        SecretFile.ReadOrCreate(_state.AppPasswordFile);
        if (strategy == LaunchStrategy.Container)
        {
            Directory.CreateDirectory(ContainerDataDirectory);
            return;
        }

        ArgumentNullException.ThrowIfNull(binary);
        Directory.CreateDirectory(SocketDirectory);
        await OwnAsync(SocketDirectory, cancellationToken).ConfigureAwait(false);
        await RequireReachableAsync(cancellationToken).ConfigureAwait(false);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        var passwordFile = Path.Combine(Settings.PostgresDirectory, "initdb.pwfile");
        SecretFile.Write(passwordFile, superuserPassword + "\n");
        try
        {
            await OwnAsync(Settings.PostgresDirectory, cancellationToken).ConfigureAwait(false);
            var initdb = await ProcessRunner.RunAsync(
                AsUser(Sibling(binary, "initdb"))[0],
                [.. AsUser(Sibling(binary, "initdb")).Skip(1), "-D", DataDirectory, "-U", LocalCloudState.Superuser,
                 $"--pwfile={passwordFile}", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"],
                timeout: TimeSpan.FromMinutes(3), cancellationToken: cancellationToken).ConfigureAwait(false);
            await File.AppendAllTextAsync(LogPath, initdb.Output, cancellationToken).ConfigureAwait(false);
            if (!initdb.Succeeded)
            {
                Directory.Delete(DataDirectory, recursive: true);
                throw new LocalCloudException($"initdb failed (exit {initdb.ExitCode}): {initdb.Tail(3)}. Full log: {LogPath}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public override ProcessCommand ProcessCommand(string binary) => new(
        [.. AsUser(binary), "-D", DataDirectory, "-h", LocalCloudSettings.Host, "-p", Port.ToString(CultureInfo.InvariantCulture),
         "-k", SocketDirectory],
        new Dictionary<string, string>());

    public override ContainerCommand ContainerCommand() => new(
        Image, ["postgres", "-c", $"listen_addresses={LocalCloudSettings.Host}", "-p", Port.ToString(CultureInfo.InvariantCulture)])
    {
        Environment = new Dictionary<string, string>
        {
            ["POSTGRES_USER"] = LocalCloudState.Superuser,
            ["PGDATA"] = "/var/lib/postgresql/data/pgdata",
        },
        SecretEnvironment = new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = SecretFile.Read(_state.SuperuserPasswordFile) ?? string.Empty,
        },
        Volumes = new Dictionary<string, string> { [ContainerDataDirectory] = "/var/lib/postgresql/data" },
    };

    /// <summary>Creates the app role and database when missing and keeps the role's password in step with its file.</summary>
    public override async Task OnHealthyAsync(bool freshStart, CancellationToken cancellationToken)
    {
        var appPassword = SecretFile.ReadOrCreate(_state.AppPasswordFile);
        await using var connection = new NpgsqlConnection(_state.SuperuserConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        var roleExists = await ScalarAsync(connection, "select count(*) from pg_roles where rolname = @name", LocalCloudState.AppRole, cancellationToken).ConfigureAwait(false) > 0;
        // DDL takes no parameters; the password is generated hex, quoted as a literal all the same.
        var literal = "'" + appPassword.Replace("'", "''", StringComparison.Ordinal) + "'";
        await ExecuteAsync(connection, roleExists
            ? $"alter role {LocalCloudState.AppRole} with login password {literal}"
            : $"create role {LocalCloudState.AppRole} with login password {literal}", cancellationToken).ConfigureAwait(false);

        if (await ScalarAsync(connection, "select count(*) from pg_database where datname = @name", LocalCloudState.AppDatabase, cancellationToken).ConfigureAwait(false) == 0)
        {
            await ExecuteAsync(connection, $"create database {LocalCloudState.AppDatabase} owner {LocalCloudState.AppRole}", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command line prefix that runs a PostgreSQL program as the postgres user when we are root.</summary>
    private string[] AsUser(string program) => AsOtherUser
        ? [locate("setpriv") ?? "setpriv", $"--reuid={OsUser}", $"--regid={OsUser}", "--init-groups", "--", program]
        : [program];

    private static async Task OwnAsync(string directory, CancellationToken cancellationToken)
    {
        if (!AsOtherUser)
        {
            return;
        }

        var chown = await ProcessRunner.RunAsync("chown", ["-R", $"{OsUser}:", directory], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!chown.Succeeded)
        {
            throw new LocalCloudException($"Could not give {directory} to the '{OsUser}' user (PostgreSQL refuses to run as root): {chown.Tail(2)}");
        }
    }

    /// <summary>As root, the postgres user must be able to reach the state folder (not so under a mode-700 home).</summary>
    private async Task RequireReachableAsync(CancellationToken cancellationToken)
    {
        if (!AsOtherUser)
        {
            return;
        }

        var test = await ProcessRunner.RunAsync(AsUser("test")[0], [.. AsUser("test").Skip(1), "-w", SocketDirectory], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!test.Succeeded)
        {
            throw new LocalCloudException(
                $"The '{OsUser}' user cannot reach {Settings.PostgresDirectory} (PostgreSQL cannot run as root): "
                + $"put the state folder where every user can traverse, e.g. {EnvVars.LocalCloudStateDir}=/var/tmp/local-cloud.");
        }
    }

    private static string Sibling(string program, string name)
    {
        var real = new FileInfo(program).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? program;
        return Path.Combine(Path.GetDirectoryName(real)!, name);
    }

    private static int VersionOf(string directory) =>
        int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
