using System.Text;
using System.Text.Json;
using Deploy.Build.Tests.Faults;

namespace Deploy.Build.Tests.Support;

/// <summary>
/// moto's own request recorder (/moto-api/recorder/*): a witness, beside any proxy, of what reached moto. Only requests
/// addressed to <paramref name="ports"/> count (test motos that share a working directory share their recording file;
/// requests through a proxy carry the proxy's address).
/// </summary>
public sealed class MotoRecording(int motoPort, params int[] ports) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{motoPort}/moto-api/recorder/") };

    public async Task StartAsync()
    {
        await PostAsync("reset-recording");
        await PostAsync("start-recording");
    }

    /// <summary>Stops recording and returns every request moto recorded since <see cref="StartAsync"/>.</summary>
    public async Task<IReadOnlyList<ProxiedRequest>> StopAsync()
    {
        await PostAsync("stop-recording");
        var text = await _http.GetStringAsync(new Uri("download-recording", UriKind.Relative));
        var requests = new List<ProxiedRequest>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = JsonDocument.Parse(line).RootElement;
            var url = new Uri(entry.GetProperty("url").GetString()!);
            if (url.Port != motoPort && !ports.Contains(url.Port))
            {
                continue;
            }

            var headers = entry.GetProperty("headers");
            string? Header(string name) => headers.EnumerateObject().FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var body = entry.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : string.Empty;
            var bytes = entry.TryGetProperty("body_encoded", out var encoded) && encoded.GetBoolean() ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
            requests.Add(ProxiedRequest.From(entry.GetProperty("method").GetString()!, url.PathAndQuery, Header("X-Amz-Target"), Header("Content-Type"), bytes));
        }

        return requests;
    }

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string action)
    {
        using var response = await _http.PostAsync(new Uri(action, UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }
}
