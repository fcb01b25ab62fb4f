using System.Net;
using System.Net.Sockets;

namespace Deploy.Build.LocalCloud;

/// <summary>Loopback health checks: an HTTP status, or whether anything listens on a port.</summary>
public static class HealthProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>The status code of GET <paramref name="url"/>, or null when nothing answers.</summary>
    public static async Task<HttpStatusCode?> StatusAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static bool IsPortOpen(int port)
    {
        using var client = new TcpClient();
        try
        {
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(1)) && client.Connected;
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException)
        {
            return false;
        }
    }
}
