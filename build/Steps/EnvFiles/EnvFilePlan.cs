using System.Text;
using Deploy.Build.Configuration;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Steps.EnvFiles;

/// <summary>One .env file to write: where, and its entries in order. Secret entries are marked so they are never shown.</summary>
public sealed record EnvFile(string Service, string Path, IReadOnlyList<EnvEntry> Entries)
{
    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# Written by ./build.sh --target=EnvFiles from the infrastructure outputs. Do not commit.\n");
        foreach (var entry in Entries)
        {
            text.Append(entry.Key).Append('=').Append(entry.Value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The file with secret values replaced, for dry-run output.</summary>
    public string Describe() => string.Join(", ", Entries.Select(e => e.IsSecret ? $"{e.Key}=<secret>" : $"{e.Key}={e.Value}"));
}

public sealed record EnvEntry(string Key, string Value, bool IsSecret = false);

/// <summary>
/// Decides the API's and web's .env files from the outputs (seed 002, section 1.5): the API gets its port,
/// the database URL (an SSM SecureString, fetched at run time) and the allowed origin; the web gets the API URL.
/// </summary>
public static class EnvFilePlan
{
    public const string DatabaseUrlParameter = "DATABASE_URL";

    public static IReadOnlyList<EnvFile> For(DeployConfig config, InfraOutputs outputs, string configDirectory, string? databaseUrl)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outputs);
        var origin = string.IsNullOrEmpty(outputs.CloudFrontDomainName) ? "http://localhost" : $"https://{outputs.CloudFrontDomainName}";
        var files = new List<EnvFile>();
        foreach (var service in config.Services)
        {
            var image = config.FindImage(service.Image)
                        ?? throw new InvalidOperationException($"service {service.Name} refers to unknown image {service.Image}");
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(configDirectory, image.Context, ".env"));
            var entries = new List<EnvEntry> { new("PORT", service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("TZ", "Asia/Tokyo") };
            if (service.Name == "api")
            {
                entries.Add(new("NODE_ENV", "production"));
                if (databaseUrl is not null)
                {
                    entries.Add(new(DatabaseUrlParameter, databaseUrl, IsSecret: true));
                }

                entries.Add(new("CORS_ALLOWED_ORIGINS", origin));
            }
            else
            {
                entries.Add(new("VITE_API_URL", origin));
                entries.Add(new("VITE_TIMEZONE", "Asia/Tokyo"));
            }

            files.Add(new EnvFile(service.Name, path, entries));
        }

        return files;
    }
}
