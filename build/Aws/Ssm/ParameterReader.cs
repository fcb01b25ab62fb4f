using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Deploy.Build.Aws.Ssm;

/// <summary>Reads SSM parameters (SecureStrings decrypted) at run time; values are never logged.</summary>
public interface IParameterReader
{
    Task<string> GetAsync(AwsSettings aws, string name, CancellationToken cancellationToken = default);
}

public sealed class SsmParameterReader : IParameterReader
{
    public async Task<string> GetAsync(AwsSettings aws, string name, CancellationToken cancellationToken = default)
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

        using var ssm = new AmazonSimpleSystemsManagementClient(aws.Credentials(), config);
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
}
