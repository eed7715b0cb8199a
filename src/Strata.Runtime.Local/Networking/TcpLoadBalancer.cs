using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Strata.Runtime.Local.Networking;

/// <summary>
/// The stable address of one service port: a TCP proxy on a loopback port that sends each new
/// connection to the next ready replica (round robin). Swapping the replicas affects only new
/// connections; open ones stay with the replica they were sent to until either side closes.
/// It reports requests on its connections to its service (for the autoscaler and idle timer) and,
/// when no replica is ready, asks the service to activate one before giving up on a connection.
/// Its listening socket is also lent to ready replicas that accept from it themselves
/// (<see cref="ReplicaLink"/>); while one does, the balancer stops accepting and the kernel's one
/// queue feeds the replicas with no proxy in between (<see cref="SetReplicasAccept"/>).
/// </summary>
internal sealed class TcpLoadBalancer : IAsyncDisposable
{
    // While a service has no ready replica (a single replica restarting) new connections wait this
    // long for one rather than being refused at once.
    private static readonly TimeSpan NoBackendWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly Socket _listener;
    private readonly ILogger _logger;
    private readonly IConnectionTraffic _traffic;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private readonly Lock _pauseGate = new();
    private volatile IPEndPoint[] _backends = [];
    private int _next = -1;
    private bool _replicasAccept;
    private TaskCompletionSource _resumed = Resumed();
    private CancellationTokenSource _pausing = new();

    /// <summary>Starts listening on a free port of <paramref name="address"/>.</summary>
    public TcpLoadBalancer(IPAddress address, ILogger logger, IConnectionTraffic traffic)
    {
        _logger = logger;
        _traffic = traffic;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, 0));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The replicas new connections go to.</summary>
    public IReadOnlyList<IPEndPoint> Backends => _backends;

    /// <summary>Replaces the replicas new connections go to.</summary>
    public void SetBackends(IEnumerable<IPEndPoint> backends) => _backends = [.. backends];

    /// <summary>The listening socket, lent to replicas that accept from it.</summary>
    public Socket Listener => _listener;

    /// <summary>
    /// True while some ready replica accepts from <see cref="Listener"/>: the balancer then leaves the
    /// queue to them. False (none ready, or none that accepts itself): it accepts and proxies again.
    /// </summary>
    public void SetReplicasAccept(bool replicasAccept)
    {
        lock (_pauseGate)
        {
            if (replicasAccept == _replicasAccept)
            {
                return;
            }

            _replicasAccept = replicasAccept;
            if (replicasAccept)
            {
                _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var pausing = _pausing;
                _pausing = new CancellationTokenSource();
                pausing.Cancel();
            }
            else
            {
                _resumed.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }

        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
        lock (_pauseGate)
        {
            _pausing.Dispose();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Task resumed;
            CancellationToken pausing;
            lock (_pauseGate)
            {
                resumed = _resumed.Task;
                pausing = _pausing.Token;
            }

            Socket client;
            try
            {
                // While replicas accept from the socket themselves, the balancer stays out of the queue.
                await resumed.WaitAsync(_stopping.Token).ConfigureAwait(false);
                using var accept = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, pausing);
                client = await _listener.AcceptAsync(accept.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = ProxyAsync(client);
        }
    }

    private async Task ProxyAsync(Socket client)
    {
        Socket? backend = null;
        _open.TryAdd(client, 0);
        using var requests = new ConnectionRequests(_traffic);
        try
        {
            client.NoDelay = true;
            if (_backends.Length == 0)
            {
                // Scaled to zero (or restarting): the connection is held while a replica starts, so a
                // caller through a discovery URL sees a slow answer instead of a refused connection.
                await _traffic.ActivateAsync(_stopping.Token).ConfigureAwait(false);
            }

            backend = await ConnectAsync().ConfigureAwait(false);
            if (backend is null)
            {
                return;
            }

            _open.TryAdd(backend, 0);
            await Task.WhenAll(PumpAsync(client, backend, requests.ClientSent), PumpAsync(backend, client, requests.BackendSent)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A peer went away: closing both sides below is all there is to do.
        }
        finally
        {
            Close(client);
            if (backend is not null)
            {
                Close(backend);
            }
        }
    }

    private async Task<Socket?> ConnectAsync()
    {
        var waitUntil = Environment.TickCount64 + (long)NoBackendWait.TotalMilliseconds;
        while (!_stopping.IsCancellationRequested)
        {
            var backends = _backends;

            // Nothing has been sent yet, so a replica that refuses (it just died) is skipped safely.
            for (var attempt = 0; attempt < backends.Length; attempt++)
            {
                var target = backends[(int)((uint)Interlocked.Increment(ref _next) % (uint)backends.Length)];
                var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                    timeout.CancelAfter(ConnectTimeout);
                    await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                    return socket;
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    socket.Dispose();
                    _logger.BackendUnreachable(Port, target.ToString(), ex);
                }
            }

            if (Environment.TickCount64 > waitUntil)
            {
                return null;
            }

            await Task.Delay(50, _stopping.Token).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task PumpAsync(Socket from, Socket to, Action received)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    // Pass the half-close on: an HTTP client that finished sending still reads the answer.
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                received();
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // One side broke: tear both down so the other side learns at once.
            from.Dispose();
            to.Dispose();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TaskCompletionSource Resumed()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resumed.SetResult();
        return resumed;
    }

    private void Close(Socket socket)
    {
        _open.TryRemove(socket, out _);
        socket.Dispose();
    }
}
