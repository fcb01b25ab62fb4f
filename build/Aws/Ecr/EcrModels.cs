using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deploy.Build.Aws.Ecr;

// Request and response shapes of the ECR operations the pipeline uses, named as in AWSSDK.ECR
// (Amazon.ECR.Model) so that the official package replaces them by a using change.
// Serialised camelCase, as the awsJson1.1 wire format spells them.

public sealed class DescribeRepositoriesRequest
{
    public List<string>? RepositoryNames { get; init; }

    public string? RegistryId { get; init; }
}

public sealed class DescribeRepositoriesResponse
{
    public List<Repository> Repositories { get; init; } = [];
}

public sealed class ImageScanningConfiguration
{
    public bool ScanOnPush { get; init; }
}

public sealed class Repository
{
    public string RepositoryName { get; init; } = string.Empty;

    public string RepositoryUri { get; init; } = string.Empty;

    public string RepositoryArn { get; init; } = string.Empty;

    public string RegistryId { get; init; } = string.Empty;

    /// <summary>MUTABLE or IMMUTABLE.</summary>
    public string ImageTagMutability { get; init; } = string.Empty;

    public ImageScanningConfiguration? ImageScanningConfiguration { get; init; }
}

/// <summary>ECR spells tag members with capitals on the wire (Key, Value), unlike the rest of its API.</summary>
public sealed class Tag
{
    [JsonPropertyName("Key")]
    public string Key { get; init; } = string.Empty;

    [JsonPropertyName("Value")]
    public string Value { get; init; } = string.Empty;
}

public sealed class CreateRepositoryRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public string? ImageTagMutability { get; init; }

    public ImageScanningConfiguration? ImageScanningConfiguration { get; init; }

    public List<Tag>? Tags { get; init; }
}

public sealed class CreateRepositoryResponse
{
    public Repository Repository { get; init; } = new();
}

public sealed class PutLifecyclePolicyRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public string LifecyclePolicyText { get; init; } = string.Empty;
}

public sealed class PutLifecyclePolicyResponse
{
    public string RepositoryName { get; init; } = string.Empty;

    public string LifecyclePolicyText { get; init; } = string.Empty;
}

public sealed class GetLifecyclePolicyRequest
{
    public string RepositoryName { get; init; } = string.Empty;
}

public sealed class GetLifecyclePolicyResponse
{
    public string RepositoryName { get; init; } = string.Empty;

    public string LifecyclePolicyText { get; init; } = string.Empty;
}

public sealed class PutImageScanningConfigurationRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public ImageScanningConfiguration ImageScanningConfiguration { get; init; } = new();
}

public sealed class PutImageScanningConfigurationResponse
{
    public string RepositoryName { get; init; } = string.Empty;
}

public sealed class PutImageTagMutabilityRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public string ImageTagMutability { get; init; } = string.Empty;
}

public sealed class PutImageTagMutabilityResponse
{
    public string RepositoryName { get; init; } = string.Empty;
}

public sealed class GetAuthorizationTokenRequest
{
}

public sealed class AuthorizationData
{
    /// <summary>base64("AWS:password").</summary>
    public string AuthorizationToken { get; init; } = string.Empty;

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTime ExpiresAt { get; init; }

    /// <summary>https://ACCOUNT.dkr.ecr.REGION.amazonaws.com (moto answers the same real hostname).</summary>
    public string ProxyEndpoint { get; init; } = string.Empty;
}

public sealed class GetAuthorizationTokenResponse
{
    public List<AuthorizationData> AuthorizationData { get; init; } = [];
}

public sealed class ImageIdentifier
{
    public string? ImageDigest { get; init; }

    public string? ImageTag { get; init; }
}

public sealed class DescribeImagesRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public List<ImageIdentifier>? ImageIds { get; init; }

    public string? NextToken { get; init; }
}

public sealed class ImageDetail
{
    public string ImageDigest { get; init; } = string.Empty;

    public List<string> ImageTags { get; init; } = [];

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTime ImagePushedAt { get; init; }
}

public sealed class DescribeImagesResponse
{
    public List<ImageDetail> ImageDetails { get; init; } = [];

    public string? NextToken { get; init; }
}

public sealed class BatchGetImageRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public List<ImageIdentifier> ImageIds { get; init; } = [];

    public List<string>? AcceptedMediaTypes { get; init; }
}

public sealed class Image
{
    public string RepositoryName { get; init; } = string.Empty;

    public ImageIdentifier ImageId { get; init; } = new();

    public string ImageManifest { get; init; } = string.Empty;

    public string? ImageManifestMediaType { get; init; }
}

public sealed class ImageFailure
{
    public ImageIdentifier? ImageId { get; init; }

    public string FailureCode { get; init; } = string.Empty;

    public string FailureReason { get; init; } = string.Empty;
}

public sealed class BatchGetImageResponse
{
    public List<Image> Images { get; init; } = [];

    public List<ImageFailure> Failures { get; init; } = [];
}

public sealed class PutImageRequest
{
    public string RepositoryName { get; init; } = string.Empty;

    public string ImageManifest { get; init; } = string.Empty;

    public string? ImageManifestMediaType { get; init; }

    public string? ImageTag { get; init; }

    public string? ImageDigest { get; init; }
}

public sealed class PutImageResponse
{
    public Image Image { get; init; } = new();
}

/// <summary>ECR sends timestamps as epoch seconds (a JSON number, with fractions).</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? DateTime.UnixEpoch.AddSeconds(reader.GetDouble())
            : reader.GetDateTime().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue((value.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
    }
}
