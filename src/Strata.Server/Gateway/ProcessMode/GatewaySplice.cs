using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// In the gateway process: what the fast path does not serve goes to the host, byte for byte. Opens a
/// connection to the host's internal listener, writes the PROXY protocol v1 line naming the client,
/// then copies both ways until either side is done — the host's Kestrel and YARP serve the connection
/// as if the client had connected to them.
/// </summary>
internal sealed partial class GatewaySplice(EndPoint host, ILogger<GatewaySplice> logger)
{
    /// <summary>Splices <paramref name="connection"/> (its unread bytes first) to the host until it ends.</summary>
    public async Task SpliceAsync(ConnectionContext connection)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Log.HostUnreachable(logger, host.ToString()!, ex.Message);
            await UnavailableAsync(connection.Transport.Output).ConfigureAwait(false);
            return;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        try
        {
            await stream.WriteAsync(ProxyProtocolLine.For(connection.RemoteEndPoint, connection.LocalEndPoint), done.Token).ConfigureAwait(false);
            var toHost = ToHostAsync(connection.Transport.Input, stream, socket, done.Token);
            var toClient = ToClientAsync(stream, connection.Transport.Output, done.Token);
            if (await Task.WhenAny(toHost, toClient).ConfigureAwait(false) == toHost)
            {
                // The client sent all it will (half-close): the host may still be answering.
                await toClient.ConfigureAwait(false);
            }

            // The host closed the connection: so does the gateway, whatever the client still sends.
            await done.CancelAsync().ConfigureAwait(false);
            await toHost.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ConnectionResetException or ConnectionAbortedException)
        {
            // Either side went away mid-copy: both ends close.
        }
    }

    private static async Task ToHostAsync(PipeReader client, NetworkStream host, Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            await client.CopyToAsync(host, cancellationToken).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException)
        {
            // Ended by the other direction, or by the client.
        }
    }

    private static async Task ToClientAsync(NetworkStream host, PipeWriter client, CancellationToken cancellationToken)
    {
        try
        {
            await host.CopyToAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException)
        {
            // Ended by the client, or by the host resetting.
        }
    }

    private static async Task UnavailableAsync(PipeWriter output)
    {
        var body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Service Unavailable","status":503,"detail":"The Strata host behind this gateway does not answer; it may be starting or stopping."}"""u8.ToArray();
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            await output.WriteAsync(head).ConfigureAwait(false);
            await output.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The client is gone.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5221, LogLevel.Warning, "The host's internal listener {Host} does not answer: {Reason}")]
        public static partial void HostUnreachable(ILogger logger, string host, string reason);
    }
}
