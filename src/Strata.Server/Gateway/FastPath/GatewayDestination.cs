using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strata.Server.Gateway.FastPath;

/// <summary>
/// One ready replica as the fast path sees it: where it listens, how many requests it has in flight
/// (least-requests balancing), whether it refused a connection lately (passive health), and its idle
/// keep-alive connections. Lives as long as the replica is a destination; survives republishing.
/// </summary>
internal sealed class GatewayDestination(string id, Uri address)
{
    private const int MaxIdleConnections = 256;
    private readonly ConcurrentQueue<BackendConnection> _idle = new();
    private readonly EndPoint _endPoint = IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(address.Host, address.Port);
    private int _inFlight;
    private long _unhealthyUntil;
    private volatile bool _removed;

    /// <summary>The id the gateway gave the destination (replica id and start time).</summary>
    public string Id { get; } = id;

    /// <summary>The replica's base address.</summary>
    public Uri Address { get; } = address;

    /// <summary>The Host header the replica gets: its own authority, as YARP sends it.</summary>
    public byte[] Authority { get; } = Encoding.ASCII.GetBytes(address.Authority);

    /// <summary>Requests sent to the replica and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether the replica may get requests now (it has not refused a connection within the reactivation period).</summary>
    public bool IsHealthy => Environment.TickCount64 >= Volatile.Read(ref _unhealthyUntil);

    /// <summary>Counts a request in flight.</summary>
    public void Begin() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts a request answered (or failed).</summary>
    public void End() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The replica refused a connection: no traffic for <paramref name="period"/>.</summary>
    public void MarkUnhealthy(TimeSpan period)
    {
        Volatile.Write(ref _unhealthyUntil, Environment.TickCount64 + (long)period.TotalMilliseconds);
        DrainIdle();
    }

    /// <summary>An idle connection that is still open, or a new one.</summary>
    /// <param name="fresh">Open a new connection even when idle ones are kept (after a kept one failed).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connection, and whether it served a request before (the replica may have closed it meanwhile).</returns>
    public async ValueTask<(BackendConnection Connection, bool Reused)> ConnectAsync(bool fresh, CancellationToken cancellationToken)
    {
        while (!fresh && _idle.TryDequeue(out var idle))
        {
            if (idle.IsReusable())
            {
                return (idle, true);
            }

            await idle.DisposeAsync().ConfigureAwait(false);
        }

        return (await BackendConnection.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>Keeps a connection whose exchange ended cleanly for the next request.</summary>
    public void Return(BackendConnection connection)
    {
        if (_removed || _idle.Count >= MaxIdleConnections)
        {
            _ = connection.DisposeAsync();
            return;
        }

        connection.IdleSince = Environment.TickCount64;
        _idle.Enqueue(connection);
        if (_removed)
        {
            DrainIdle();
        }
    }

    /// <summary>The replica is no longer a destination: close its idle connections, keep none from now on.</summary>
    public void Remove()
    {
        _removed = true;
        DrainIdle();
    }

    /// <summary>Closes the idle connections: one of them failed, so the replica has probably closed them all.</summary>
    public void DrainIdle()
    {
        while (_idle.TryDequeue(out var idle))
        {
            _ = idle.DisposeAsync();
        }
    }
}

/// <summary>A keep-alive connection to a replica: the socket, and a reader for its responses.</summary>
internal sealed class BackendConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    private BackendConnection(Socket socket)
    {
        _socket = socket;
        Reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: true), new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024));
    }

    /// <summary>The replica's responses.</summary>
    public PipeReader Reader { get; }

    /// <summary>Opens a connection (Nagle off: a request head goes out at once).</summary>
    public static async ValueTask<BackendConnection> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new BackendConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> whole.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>When the connection last finished an exchange (<see cref="Environment.TickCount64"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>
    /// Whether an idle connection can carry another request: still open, and nothing unasked-for
    /// waiting on it (a replica that closed an idle connection makes it readable, at end of stream).
    /// A connection back in the pool for less than a second is taken as it is: under load that saves
    /// a system call per request, and a replica closing it in that second is a replica being drained,
    /// which the gateway has stopped sending to (a failure then is retried for idempotent requests).
    /// </summary>
    public bool IsReusable()
    {
        try
        {
            return _socket.Connected && (Environment.TickCount64 - IdleSince < 1000 || !_socket.Poll(0, SelectMode.SelectRead));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Reader.CompleteAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
