using System.Globalization;
using Npgsql;

namespace Deploy.Build.LocalCloud;

/// <summary>
/// What a running local cloud offers other tasks: the moto generation (changes on every moto restart,
/// so saved state such as .local-cloud/terraform can be recognised as stale) and the application
/// database's connection. Read from the state folder that LocalUp writes; secrets are never logged.
/// </summary>
public sealed class LocalCloudState(LocalCloudSettings settings)
{
    public const string AppDatabase = "app";
    public const string AppRole = "app";
    public const string Superuser = "postgres";

    public LocalCloudSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    public string MotoGenerationFile => Path.Combine(Settings.MotoDirectory, "generation");

    public string SuperuserPasswordFile => Path.Combine(Settings.SecretsDirectory, "postgres-superuser");

    public string AppPasswordFile => Path.Combine(Settings.SecretsDirectory, "postgres-app");

    /// <summary>Id of the moto process now running (a new one per start), or null when LocalUp never started moto.</summary>
    public string? MotoGeneration => File.Exists(MotoGenerationFile) ? File.ReadAllText(MotoGenerationFile).Trim() : null;

    /// <summary>postgres://app:PASSWORD@127.0.0.1:PORT/app for the application and its migrations. A secret: never log it.</summary>
    public string DatabaseUrl =>
        $"postgres://{AppRole}:{Uri.EscapeDataString(RequireSecret(AppPasswordFile))}@{LocalCloudSettings.Host}:{Settings.PostgresPort.ToString(CultureInfo.InvariantCulture)}/{AppDatabase}";

    /// <summary>The same database as an Npgsql connection string.</summary>
    public string AppConnectionString => ConnectionString(AppRole, RequireSecret(AppPasswordFile), AppDatabase);

    internal string SuperuserConnectionString(string database = "postgres") =>
        ConnectionString(Superuser, RequireSecret(SuperuserPasswordFile), database);

    private string ConnectionString(string user, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = LocalCloudSettings.Host,
        Port = Settings.PostgresPort,
        Username = user,
        Password = password,
        Database = database,
        Timeout = 3,
        Pooling = false,
    }.ConnectionString;

    private static string RequireSecret(string path) =>
        SecretFile.Read(path) ?? throw new LocalCloudException(
            $"The local database has no credentials yet ({path} is missing): run ./build.sh --target=LocalUp first.");
}
