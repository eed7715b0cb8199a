using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// On the host's internal listener (gateway mode <see cref="GatewayMode.Process"/>): reads the PROXY
/// protocol v1 line the gateway process writes before a spliced connection, and makes the line's
/// client the connection's remote endpoint, so that Kestrel, YARP's <c>X-Forwarded-For</c> and the
/// APIs see the client's address. A connection without a valid line is answered 400 naming the problem
/// and closed: only the gateway process connects here.
/// </summary>
internal sealed partial class ProxyProtocolMiddleware(ConnectionDelegate next, ILogger logger)
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads the line, then runs the rest of the connection's pipeline.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(LineTimeout);
        string? problem;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                problem = $"no PROXY line within {LineTimeout.TotalSeconds:0} s";
                break;
            }

            var buffer = read.Buffer;
            var end = buffer.PositionOf((byte)'\n');
            if (end is null)
            {
                if (buffer.Length >= ProxyProtocolLine.MaxLength || read.IsCompleted)
                {
                    problem = read.IsCompleted && buffer.Length < ProxyProtocolLine.MaxLength
                        ? "the connection ended before its PROXY line did"
                        : $"no PROXY line end (CRLF) within {ProxyProtocolLine.MaxLength} bytes";
                    input.AdvanceTo(buffer.Start, buffer.End);
                    break;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var lineBytes = buffer.Slice(0, end.Value);
            var consumed = buffer.GetPosition(1, end.Value);
            if (lineBytes.Length + 1 > ProxyProtocolLine.MaxLength)
            {
                problem = $"the PROXY line is longer than {ProxyProtocolLine.MaxLength} bytes";
                input.AdvanceTo(consumed);
                break;
            }

            var line = lineBytes.ToArray().AsSpan();
            input.AdvanceTo(consumed);
            if (line.IsEmpty || line[^1] != (byte)'\r')
            {
                problem = "the PROXY line does not end with CRLF";
                break;
            }

            if (!ProxyProtocolLine.TryParse(line[..^1], out var source, out var destination, out problem))
            {
                break;
            }

            if (source is not null)
            {
                connection.RemoteEndPoint = source;
                connection.LocalEndPoint = destination;
            }

            await next(connection).ConfigureAwait(false);
            return;
        }

        Log.Refused(logger, connection.RemoteEndPoint?.ToString() ?? "?", problem!);
        await RefuseAsync(connection, problem!).ConfigureAwait(false);
    }

    private static async Task RefuseAsync(ConnectionContext connection, string problem)
    {
        var body = Encoding.UTF8.GetBytes($"This is the Strata host's internal listener; only its gateway process connects here, starting each connection with a PROXY protocol v1 line. Refused: {problem}.\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            await connection.Transport.Output.WriteAsync(head).ConfigureAwait(false);
            await connection.Transport.Output.WriteAsync(body).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The peer is gone.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Warning, "Refused a connection from {Remote} on the internal gateway listener: {Problem}")]
        public static partial void Refused(ILogger logger, string remote, string problem);
    }
}
