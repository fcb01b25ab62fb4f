using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Deploy.Build.Aws.Ssm;

/// <summary>Reads SSM parameters (SecureStrings decrypted) at run time; values are never logged.</summary>
public interface IParameterReader
{
    Task<string> GetAsync(AwsSettings aws, string name, CancellationToken cancellationToken = default);

    /// <summary>Which of these parameters do not exist (GetParameters without decryption: no value is read in clear).</summary>
    Task<IReadOnlyList<string>> FindMissingAsync(AwsSettings aws, IReadOnlyList<string> names, CancellationToken cancellationToken = default);
}

public sealed class SsmParameterReader : IParameterReader
{
    /// <summary>GetParameters takes at most 10 names.</summary>
    private const int MaxNamesPerCall = 10;

    public async Task<string> GetAsync(AwsSettings aws, string name, CancellationToken cancellationToken = default)
    {
        using var ssm = Client(aws);
        try
        {
            var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            return response.Parameter.Value;
        }
        catch (ParameterNotFoundException)
        {
            throw new InvalidOperationException($"SSM parameter {name} does not exist.");
        }
    }

    public async Task<IReadOnlyList<string>> FindMissingAsync(AwsSettings aws, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var ssm = Client(aws);
        var missing = new List<string>();
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(MaxNamesPerCall))
        {
            var response = await ssm.GetParametersAsync(new GetParametersRequest { Names = [.. chunk], WithDecryption = false }, cancellationToken).ConfigureAwait(false);
            missing.AddRange(response.InvalidParameters ?? []);
        }

        return missing;
    }

    private static AmazonSimpleSystemsManagementClient Client(AwsSettings aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var config = new AmazonSimpleSystemsManagementConfig { MaxErrorRetry = 5, Timeout = TimeSpan.FromSeconds(30) };
        if (aws.EndpointOverride is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = aws.Region;
        }
        else
        {
            config.RegionEndpoint = aws.RegionEndpoint;
        }

        return new AmazonSimpleSystemsManagementClient(aws.Credentials(), config);
    }
}
