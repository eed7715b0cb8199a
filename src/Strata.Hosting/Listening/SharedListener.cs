using System.Net.Sockets;
using System.Threading.Channels;

namespace Strata.Hosting.Listening;

/// <summary>
/// The service's listening socket while the runtime lets this replica accept from it: connections
/// accepted from it wait in <see cref="Accepted"/> for the Kestrel listener that serves them.
/// </summary>
internal sealed class SharedListener : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Channel<Socket> _accepted = Channel.CreateUnbounded<Socket>(new UnboundedChannelOptions { SingleReader = false });
    private Socket? _listener;

    /// <summary>Connections accepted from the service's socket.</summary>
    public ChannelReader<Socket> Accepted => _accepted.Reader;

    /// <summary>Whether this replica accepts from the service's socket now.</summary>
    public bool IsAccepting
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Starts accepting from <paramref name="listener"/>, closing the copy it held before.</summary>
    public void Attach(Socket listener)
    {
        Socket? previous;
        lock (_gate)
        {
            previous = _listener;
            _listener = listener;
        }

        previous?.Dispose();
        _ = AcceptLoopAsync(listener);
    }

    /// <summary>
    /// Stops accepting and closes this process's copy: connections the kernel queues from now on go to
    /// the runtime or another replica, none is lost.
    /// </summary>
    public void Detach()
    {
        Socket? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
        }

        listener?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Detach();
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var socket))
        {
            socket.Dispose();
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Detached (or replaced): this copy is closed.
                return;
            }

            connection.NoDelay = true;
            if (!_accepted.Writer.TryWrite(connection))
            {
                connection.Dispose();
                return;
            }
        }
    }
}
