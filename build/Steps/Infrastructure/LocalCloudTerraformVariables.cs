using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Deploy.Build.LocalCloud;

namespace Deploy.Build.Steps.Infrastructure;

/// <summary>
/// What the local root needs from the running local cloud: the project name and the local PostgreSQL's
/// DATABASE_URL (a secret: it goes in as TF_VAR_* only, and is registered for redaction).
/// </summary>
public sealed class LocalCloudTerraformVariables : ILocalTerraformVariables
{
    public IReadOnlyDictionary<string, string> For(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TF_VAR_project"] = context.Config.Project,
        };
        var state = new LocalCloudState(context.LocalCloud);
        string? url;
        try
        {
            url = state.DatabaseUrl;
        }
        catch (LocalCloudException)
        {
            url = null; // PostgreSQL not initialised: the root's default applies
        }

        if (!string.IsNullOrEmpty(url))
        {
            context.Secrets.Register(url);
            variables["TF_VAR_local_database_url"] = url;
            // The URL is written as a write-only value; a new value needs a new version number.
            variables["TF_VAR_local_database_url_version"] = Version(url).ToString(CultureInfo.InvariantCulture);
        }

        return variables;
    }

    private static int Version(string url) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(url)), 0) % 1_000_000_000) + 1;
}
