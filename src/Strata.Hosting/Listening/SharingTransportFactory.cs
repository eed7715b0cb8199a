using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strata.Hosting.Listening;

/// <summary>
/// Kestrel's socket transport, with one change: the listener of the replica's own port (<c>PORT</c>)
/// also yields the connections accepted from the service's shared socket, so they are served by the
/// same endpoint (its protocols, limits and middleware) as the ones that come to the replica's port.
/// </summary>
internal sealed class SharingTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _sockets;
    private readonly SharedListener _shared;
    private readonly SocketConnectionContextFactory _contexts;
    private readonly int? _primaryPort;
    private int _sharing;

    public SharingTransportFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggers, SharedListener shared, int? primaryPort)
    {
        _sockets = new SocketTransportFactory(options, loggers);
        _shared = shared;
        _primaryPort = primaryPort;
        var transport = options.Value;
        _contexts = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions
            {
                IOQueueCount = transport.IOQueueCount,
                WaitForDataBeforeAllocatingBuffer = transport.WaitForDataBeforeAllocatingBuffer,
                MaxReadBufferSize = transport.MaxReadBufferSize,
                MaxWriteBufferSize = transport.MaxWriteBufferSize,
                UnsafePreferInlineScheduling = transport.UnsafePreferInlineScheduling,
            },
            loggers.CreateLogger("Strata.Hosting.SharedListener"));
    }

    /// <inheritdoc />
    public bool CanBind(EndPoint endpoint) => _sockets.CanBind(endpoint);

    /// <inheritdoc />
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await _sockets.BindAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var primary = endpoint is IPEndPoint ip && (_primaryPort is not { } port || ip.Port == port);

        // One endpoint serves the shared connections (IPv4 and IPv6 binds of one URL are two endpoints).
        return primary && Interlocked.CompareExchange(ref _sharing, 1, 0) == 0
            ? new SharingListener(listener, _shared, _contexts, () => Volatile.Write(ref _sharing, 0))
            : listener;
    }

    private sealed class SharingListener(IConnectionListener own, SharedListener shared, SocketConnectionContextFactory contexts, Action unbound) : IConnectionListener
    {
        private Task<ConnectionContext?>? _ownAccept;
        private Task<Socket>? _sharedAccept;

        public EndPoint EndPoint => own.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            // Kestrel accepts in one loop per endpoint, so at most one call is outstanding; a pending
            // accept on either side is kept for the next call.
            _ownAccept ??= own.AcceptAsync(cancellationToken).AsTask();
            _sharedAccept ??= shared.Accepted.ReadAsync(CancellationToken.None).AsTask();
            var done = await Task.WhenAny(_ownAccept, _sharedAccept).ConfigureAwait(false);
            if (done == _ownAccept)
            {
                if (await _ownAccept.ConfigureAwait(false) is { } connection)
                {
                    _ownAccept = null;
                    return connection;
                }

                // The endpoint was unbound (the shared part was detached first): what was accepted from
                // the shared socket before that is served, then the endpoint is done.
                if (_sharedAccept.IsCompletedSuccessfully)
                {
                    var socket = _sharedAccept.Result;
                    _sharedAccept = null;
                    return Shared(contexts.Create(socket));
                }

                return shared.Accepted.TryRead(out var queued) ? Shared(contexts.Create(queued)) : null;
            }

            try
            {
                var socket = await _sharedAccept.ConfigureAwait(false);
                _sharedAccept = null;
                return Shared(contexts.Create(socket));
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // The shared listener is disposed (the app stops): go on with the own port alone.
                _sharedAccept = new TaskCompletionSource<Socket>().Task;
                return await AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Marks a connection accepted from the service's socket: its requests are counted for the runtime.
        private static ConnectionContext Shared(ConnectionContext connection)
        {
            connection.Items[RequestCounter.SharedConnectionKey] = true;
            return connection;
        }

        public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            // Stopping: no connection is taken from the shared queue any more (the others take them).
            shared.Detach();
            unbound();
            await own.UnbindAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await own.DisposeAsync().ConfigureAwait(false);
        }
    }
}
