using System.Net;

namespace Deploy.Build.Aws;

/// <summary>An error answered by an AWS API, with its error code (e.g. RepositoryNotFoundException).</summary>
public sealed class AwsServiceException(string service, string operation, HttpStatusCode status, string code, string message, string? requestId)
    : Exception($"{service} {operation} failed: {code}: {message}")
{
    public string Service { get; } = service;

    public string Operation { get; } = operation;

    public HttpStatusCode StatusCode { get; } = status;

    public string ErrorCode { get; } = code;

    public string ErrorMessage { get; } = message;

    public string? RequestId { get; } = requestId;

    public bool IsTransient => AwsRetry.IsTransient(StatusCode, ErrorCode);
}
