using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deploy.Build.Aws;

/// <summary>The awsJson1.1 protocol (ECR, ECS, CloudWatch Logs): POST / with X-Amz-Target and a JSON body.</summary>
public sealed class AwsJsonClient(AwsSettings settings, string signingName, string hostPrefix, string targetPrefix,
    AwsRetry.Options? retry = null, Action<string>? onRetry = null, HttpMessageHandler? innerHandler = null)
    : AwsHttpClient(settings, signingName, hostPrefix, retry, onRetry, innerHandler)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");

    public Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<TRequest, TResponse>(operation, request, retry: true, cancellationToken);

    /// <param name="retry">False: a single attempt (the caller reconciles a non-idempotent call before repeating it).</param>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request, bool retry, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        var (_, body, response) = await SendAsync(operation, () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new ByteArrayContent(payload) { Headers = { ContentType = ContentType } },
            };
            message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
            return message;
        }, retry, cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return JsonSerializer.Deserialize<TResponse>(string.IsNullOrWhiteSpace(body) ? "{}" : body, Json)
               ?? throw new InvalidOperationException($"{ServiceName} {operation} returned no body");
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
