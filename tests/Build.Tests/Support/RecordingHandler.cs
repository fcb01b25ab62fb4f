using System.Net;
using System.Text;

namespace Deploy.Build.Tests.Support;

/// <summary>One request as it left the signing handler: what would have gone on the wire.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The operation of an awsJson request (the X-Amz-Target after the prefix).</summary>
    public string? Operation => Header("X-Amz-Target")?.Split('.')[^1];
}

/// <summary>
/// The transport under a signed AWS client (the clients' <c>innerHandler</c> seam): records each request, signed, and
/// answers it with <c>answer</c>, in-process. For unit tests of paging and of the wire format; nothing leaves the process.
/// </summary>
public sealed class RecordingHandler(Func<RecordedRequest, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>An answer with a body and a content type (awsJson by default).</summary>
    public static HttpResponseMessage Answer(string body, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/x-amz-json-1.1") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }
        }

        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        var response = answer(recorded);
        response.RequestMessage = request;
        return response;
    }
}
