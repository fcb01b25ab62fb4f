using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Deploy.Build.Benchmark;

/// <summary>One HTTP request seen by the <see cref="CountingProxy"/>.</summary>
public sealed record ProxiedRequest(string Method, string Target, long BodyBytes)
{
    /// <summary>Anything but GET and HEAD changes something.</summary>
    public bool IsWrite => Method is not ("GET" or "HEAD");
}

/// <summary>
/// A loopback TCP proxy in front of an HTTP server that records each request line and body size as the bytes
/// pass. Used to count PUTs and bytes sent by any client (ours, `aws s3 sync`), and to prove a dry run wrote nothing.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly Task _accepting;

    public CountingProxy(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
        _listener.Start(512);
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    public IReadOnlyList<ProxiedRequest> Writes => _requests.Where(r => r.IsWrite).ToList();

    public void Reset() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient { NoDelay = true })
        {
            client.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token).ConfigureAwait(false);
                var fromClient = client.GetStream();
                var toServer = upstream.GetStream();
                var responses = toServer.CopyToAsync(fromClient, _stop.Token);
                await ForwardRequestsAsync(fromClient, toServer, _stop.Token).ConfigureAwait(false);
                upstream.Client.Shutdown(SocketShutdown.Send);
                await responses.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A closed connection ends its requests; the clients see the same as without the proxy.
            }
        }
    }

    private async Task ForwardRequestsAsync(Stream from, Stream to, CancellationToken ct)
    {
        var reader = new Reader(from);
        while (await reader.ReadHeadAsync(ct).ConfigureAwait(false) is { } head)
        {
            await to.WriteAsync(head, ct).ConfigureAwait(false);
            var text = Encoding.ASCII.GetString(head);
            var lines = text.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var length = 0L;
            var chunked = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = true;
                }
            }

            var body = chunked
                ? await reader.CopyChunkedAsync(to, ct).ConfigureAwait(false)
                : await reader.CopyAsync(to, length, ct).ConfigureAwait(false);
            _requests.Enqueue(new ProxiedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, body));
        }
    }

    /// <summary>A buffered reader of one HTTP/1.1 request stream: header blocks, fixed-length and chunked bodies.</summary>
    private sealed class Reader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadHeadAsync(CancellationToken ct) => await ReadUntilAsync("\r\n\r\n"u8.ToArray(), ct).ConfigureAwait(false);

        public async Task<long> CopyAsync(Stream to, long count, CancellationToken ct)
        {
            var left = count;
            while (left > 0)
            {
                if (_start == _end && !await FillAsync(ct).ConfigureAwait(false))
                {
                    throw new IOException("request body cut short");
                }

                var n = (int)Math.Min(left, _end - _start);
                await to.WriteAsync(_buffer.AsMemory(_start, n), ct).ConfigureAwait(false);
                _start += n;
                left -= n;
            }

            return count;
        }

        public async Task<long> CopyChunkedAsync(Stream to, CancellationToken ct)
        {
            long total = 0;
            while (true)
            {
                var sizeLine = await ReadUntilAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false) ?? throw new IOException("chunked body cut short");
                await to.WriteAsync(sizeLine, ct).ConfigureAwait(false);
                var hex = Encoding.ASCII.GetString(sizeLine).Trim().Split(';')[0];
                var size = long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    // Trailers, up to the empty line.
                    while (await ReadUntilAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false) is { } trailer)
                    {
                        await to.WriteAsync(trailer, ct).ConfigureAwait(false);
                        if (trailer.Length == 2)
                        {
                            break;
                        }
                    }

                    return total;
                }

                await CopyAsync(to, size + 2, ct).ConfigureAwait(false);
                total += size;
            }
        }

        private async Task<byte[]?> ReadUntilAsync(byte[] terminator, CancellationToken ct)
        {
            var searched = 0;
            while (true)
            {
                var window = _buffer.AsSpan(_start, _end - _start);
                var at = window[Math.Max(0, searched - terminator.Length)..].IndexOf(terminator);
                if (at >= 0)
                {
                    var length = Math.Max(0, searched - terminator.Length) + at + terminator.Length;
                    var result = window[..length].ToArray();
                    _start += length;
                    return result;
                }

                searched = window.Length;
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    throw new IOException("HTTP header block too large");
                }

                if (!await FillAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }

            var n = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            _end += n;
            return n > 0;
        }
    }
}
