using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Deploy.Build.Aws;

namespace Deploy.Build.LocalCloud.DataPlane;

/// <summary>Resolves task definition secrets (secrets[].valueFrom) the way ECS does, from SSM Parameter Store.</summary>
public interface ISecretResolver
{
    /// <returns>Environment name to value; throws with the unresolved names (never values) when one is missing.</returns>
    Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyList<(string Name, string ValueFrom)> secrets, CancellationToken cancellationToken = default);
}

/// <summary>SSM GetParameters with decryption, against the environment's AWS endpoint (moto locally).</summary>
public sealed class SsmSecretResolver(AwsSettings settings) : ISecretResolver
{
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IReadOnlyList<(string Name, string ValueFrom)> secrets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (secrets.Count == 0)
        {
            return result;
        }

        var unsupported = secrets.Where(s => s.ValueFrom.StartsWith("arn:aws:secretsmanager:", StringComparison.Ordinal)).Select(s => s.Name).ToList();
        if (unsupported.Count > 0)
        {
            throw new InvalidOperationException($"secrets from Secrets Manager are not resolved by the local data plane: {string.Join(", ", unsupported)}");
        }

        var config = new AmazonSimpleSystemsManagementConfig
        {
            RegionEndpoint = settings.RegionEndpoint,
            MaxErrorRetry = 3,
            Timeout = TimeSpan.FromSeconds(20),
        };
        if (settings.EndpointOverride is not null)
        {
            config.ServiceURL = settings.EndpointOverride.ToString();
            config.AuthenticationRegion = settings.Region;
        }

        using var ssm = new AmazonSimpleSystemsManagementClient(settings.Credentials(), config);
        var byParameter = secrets.ToLookup(s => ParameterName(s.ValueFrom), s => s.Name, StringComparer.Ordinal);
        foreach (var chunk in byParameter.Select(g => g.Key).Chunk(10))
        {
            GetParametersResponse response;
            try
            {
                response = await ssm.GetParametersAsync(new GetParametersRequest { Names = [.. chunk], WithDecryption = true }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (AmazonServiceException ex)
            {
                throw new InvalidOperationException($"SSM GetParameters failed: {ex.ErrorCode}: {ex.Message.Split('\n')[0]}", ex);
            }

            foreach (var parameter in response.Parameters ?? [])
            {
                foreach (var name in byParameter[parameter.Name])
                {
                    result[name] = parameter.Value;
                }
            }
        }

        var missing = secrets.Where(s => !result.ContainsKey(s.Name)).Select(s => $"{s.Name} ({ParameterName(s.ValueFrom)})").ToList();
        return missing.Count == 0
            ? result
            : throw new InvalidOperationException($"secret parameter(s) not found in SSM: {string.Join(", ", missing)}");
    }

    /// <summary>valueFrom is a parameter name or its ARN (arn:aws:ssm:region:account:parameter/name -> /name).</summary>
    public static string ParameterName(string valueFrom)
    {
        ArgumentNullException.ThrowIfNull(valueFrom);
        const string marker = ":parameter";
        var at = valueFrom.StartsWith("arn:", StringComparison.Ordinal) ? valueFrom.IndexOf(marker, StringComparison.Ordinal) : -1;
        if (at < 0)
        {
            return valueFrom;
        }

        var name = valueFrom[(at + marker.Length)..];
        return name.StartsWith("//", StringComparison.Ordinal) ? name[1..] : name;
    }
}
