using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Server.Telemetry;

namespace Strata.Server.Gateway.FastPath;

/// <summary>
/// The gateway's fast path: a Kestrel connection middleware that relays plain HTTP/1.1 requests for
/// <c>/apps/{vertical}/{app}/…</c> to a ready replica over a pooled keep-alive connection, byte for
/// byte, rewriting only the request line and the headers a proxy must (Host, hop-by-hop,
/// X-Forwarded-*). It parses just enough to delimit messages, so a request costs a fraction of the
/// CPU that building and copying header collections through Kestrel, YARP and HttpClient does.
/// <para>
/// Every request it is not certain about — anything but a simple origin-form HTTP/1.1 request with
/// no body or a Content-Length body, or one for an app or service it has no ready replica of (the
/// activator must wake it), or any other path (the control and vertical APIs) — is left unread and
/// the connection is handed to Kestrel, whose HTTP stack and YARP pipeline serve it from there on.
/// Balancing (least requests by default), passive health (a replica refusing a connection gets no
/// traffic for the reactivation period), retries of idempotent requests and the runtime's in-flight
/// reports behave as on that path.
/// </para>
/// </summary>
internal sealed partial class GatewayConnectionHandler
{
    // One deadline for both an idle keep-alive connection and a replica's answer (Kestrel's keep-alive
    // timeout and YARP's activity timeout are 130 s and 100 s), moved at most once a second: re-arming
    // a timer per request costs more than the precision is worth.
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(120);
    private const long DeadlineSlackMs = 1000;
    private readonly IGatewayTableSource _routes;
    private readonly IGatewayTraffic _traffic;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private readonly LoadBalancing _policy;
    private readonly int _maxAttempts;
    private readonly TimeSpan _reactivationPeriod;
    private long _relayed;

    public GatewayConnectionHandler(IGatewayTableSource routes, IGatewayTraffic traffic, GatewayMetrics metrics, IOptions<GatewayOptions> options, ILogger<GatewayConnectionHandler> logger)
    {
        _routes = routes;
        _traffic = traffic;
        _metrics = metrics;
        _logger = logger;
        _policy = Enum.Parse<LoadBalancing>(options.Value.LoadBalancing, ignoreCase: true);
        _maxAttempts = options.Value.MaxAttempts;
        _reactivationPeriod = options.Value.ReactivationPeriod;
    }

    /// <summary>How many requests the fast path has taken on (the rest went to Kestrel and YARP).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Serves a client connection until it closes, or hands it to <paramref name="next"/> (Kestrel's HTTP).</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        var exchange = new Exchange(connection);
        var armedAt = long.MinValue;
        try
        {
            while (true)
            {
                if (Environment.TickCount64 - armedAt > DeadlineSlackMs)
                {
                    armedAt = Environment.TickCount64;
                    timeout.CancelAfter(ActivityTimeout);
                }

                var read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (FindHeadEnd(buffer) is not { } headEnd)
                {
                    if (read.IsCompleted)
                    {
                        input.AdvanceTo(buffer.End);
                        return;
                    }

                    if (buffer.Length > Http1Request.MaxHeadLength)
                    {
                        input.AdvanceTo(buffer.Start);
                        break;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                if (!TryPlan(buffer.Slice(0, headEnd), exchange))
                {
                    input.AdvanceTo(buffer.Start);
                    break;
                }

                input.AdvanceTo(headEnd);
                if (!await ForwardAsync(exchange, timeout.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Idle past the keep-alive timeout, or the client went away.
            return;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ConnectionResetException or ConnectionAbortedException)
        {
            return;
        }
        finally
        {
            exchange.Clear();
        }

        // The request was left unread: Kestrel reads it from its first byte.
        await next(connection).ConfigureAwait(false);
    }

    private static SequencePosition? FindHeadEnd(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryAdvanceTo((byte)'\n') && FindEmptyLine(ref reader) ? reader.Position : null;

        static bool FindEmptyLine(ref SequenceReader<byte> reader)
        {
            // After each LF: a CRLF right away ends the head.
            while (true)
            {
                if (reader.IsNext("\r\n"u8, advancePast: true))
                {
                    return true;
                }

                if (reader.Consumed > Http1Request.MaxHeadLength || !reader.TryAdvanceTo((byte)'\n'))
                {
                    return false;
                }
            }
        }
    }

    // Synchronous: the head's bytes are only valid until the input is advanced.
    private bool TryPlan(in ReadOnlySequence<byte> headBytes, Exchange exchange)
    {
        if (headBytes.Length > Http1Request.MaxHeadLength)
        {
            return false;
        }

        var head = headBytes.IsSingleSegment ? headBytes.FirstSpan : exchange.CopyHead(headBytes);
        if (!Http1Request.TryParse(head, out var request)
            || !_routes.Table.TryMatch(request.Target, out var route, out var forwardedTarget)
            || route.Cluster.Pick(_policy, null, null) is not { } destination)
        {
            return false;
        }

        exchange.Plan(request, route, forwardedTarget, destination);
        return true;
    }

    // One request: pick, connect, send, relay; retried on another connection while that is safe.
    // Returns whether the client connection carries on. Counted only while someone collects the
    // gateway's metrics, and timed only while durations are recorded too.
    private async ValueTask<bool> ForwardAsync(Exchange exchange, CancellationToken cancellationToken)
    {
        var measured = _metrics.Enabled;
        var started = measured && _metrics.Timing ? Stopwatch.GetTimestamp() : 0;
        var cluster = exchange.Route!.Cluster;
        try
        {
            Interlocked.Increment(ref _relayed);
            using var inFlight = _traffic.BeginRequest(cluster.App, cluster.Service);
            var destination = exchange.Destination!;
            GatewayDestination? tried1 = null, tried2 = null;
            string? failure = null;
            var fresh = false;
            for (var attempt = 1; attempt <= _maxAttempts && destination is not null; attempt++)
            {
                var current = destination;
                current.Begin();
                BackendConnection? backend = null;
                var reused = false;
                var sent = false;
                try
                {
                    try
                    {
                        (backend, reused) = await current.ConnectAsync(fresh, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SocketException ex)
                    {
                        // Nobody listens: the replica died or is stopping. No traffic until it has been replaced.
                        failure = ex.Message;
                        current.MarkUnhealthy(_reactivationPeriod);
                        Log.Refused(_logger, current.Id, cluster.App.ToString(), cluster.Service, _reactivationPeriod);
                        (tried1, tried2) = tried1 is null ? (current, null) : (tried1, current);
                        destination = cluster.Pick(_policy, tried1, tried2);
                        continue;
                    }

                    await backend.SendAsync(exchange.HeadFor(current), cancellationToken).ConfigureAwait(false);
                    sent = true;
                    if (exchange.ContentLength > 0)
                    {
                        exchange.BodyStarted = true;
                        await CopyRequestBodyAsync(exchange, backend, cancellationToken).ConfigureAwait(false);
                    }

                    if (await RelayResponseAsync(exchange, backend, cancellationToken).ConfigureAwait(false))
                    {
                        current.Return(backend);
                        backend = null;
                    }

                    return !exchange.CloseClient;
                }
                catch (ClientGoneException)
                {
                    return false;
                }
                catch (Exception ex) when (ex is IOException or SocketException or EndOfResponseException or OperationCanceledException)
                {
                    if (exchange.ResponseStarted || exchange.BodyStarted)
                    {
                        // Part of this exchange has been relayed: the client's connection cannot carry on.
                        Log.Broken(_logger, cluster.App.ToString(), cluster.Service, current.Id, ex.Message);
                        exchange.Connection.Abort();
                        return false;
                    }

                    if (ex is OperationCanceledException)
                    {
                        if (exchange.Connection.ConnectionClosed.IsCancellationRequested)
                        {
                            return false;
                        }

                        exchange.CloseClient = true;
                        await WriteProblemAsync(exchange, 504, "Gateway Timeout", $"service '{cluster.Service}' did not answer within {ActivityTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                        return false;
                    }

                    failure = ex.Message;
                    if (sent && !exchange.IsRetryable)
                    {
                        break;
                    }

                    // A keep-alive connection the replica closed meanwhile (it was killed, or closed idle
                    // connections): its other idle ones are likely closed too, so a new connection to the
                    // same replica; a new connection that failed: the replica is going away, another one.
                    if (reused)
                    {
                        current.DrainIdle();
                        fresh = true;
                    }
                    else
                    {
                        fresh = false;
                        (tried1, tried2) = tried1 is null ? (current, null) : (tried1, current);
                        destination = cluster.Pick(_policy, tried1, tried2);
                    }
                }
                finally
                {
                    if (backend is not null)
                    {
                        await backend.DisposeAsync().ConfigureAwait(false);
                    }

                    current.End();
                }
            }

            Log.Failed(_logger, cluster.App.ToString(), cluster.Service, failure ?? "no ready replica");
            await WriteProblemAsync(exchange, 502, "Bad Gateway", $"service '{cluster.Service}' could not be reached: {failure ?? "no ready replica"}").ConfigureAwait(false);
            return !exchange.CloseClient;
        }
        finally
        {
            if (measured)
            {
                _metrics.Request(cluster.Tally ??= _metrics.TallyOf(cluster.App), cluster.App, GatewayMetrics.FastPath, exchange.Status, started);
            }
        }
    }

    private static async ValueTask CopyRequestBodyAsync(Exchange exchange, BackendConnection backend, CancellationToken cancellationToken)
    {
        var input = exchange.Connection.Transport.Input;
        var remaining = exchange.ContentLength;
        while (remaining > 0)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.IsEmpty && read.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                throw new ClientGoneException();
            }

            var part = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            foreach (var segment in part)
            {
                await backend.SendAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            remaining -= part.Length;
            input.AdvanceTo(part.End);
        }
    }

    // Relays interim responses, then the final one. Returns whether the backend connection can be reused.
    private static async ValueTask<bool> RelayResponseAsync(Exchange exchange, BackendConnection backend, CancellationToken cancellationToken)
    {
        var reader = backend.Reader;
        var output = exchange.Connection.Transport.Output;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (FindHeadEnd(buffer) is not { } headEnd)
            {
                if (read.IsCompleted || buffer.Length > Http1Response.MaxHeadLength)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw new EndOfResponseException(read.IsCompleted
                        ? "the replica closed the connection before answering"
                        : "the replica's response head is too long");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var framing = exchange.ParseResponse(buffer.Slice(0, headEnd), out var contentLength, out var replicaCloses, out var interim);
            reader.AdvanceTo(headEnd);
            exchange.ResponseStarted = true;
            output.Write(exchange.ResponseHead);
            if (interim)
            {
                await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                continue;
            }

            switch (framing)
            {
                case BodyFraming.Length:
                    await CopyLengthAsync(reader, output, contentLength, cancellationToken).ConfigureAwait(false);
                    break;
                case BodyFraming.Chunked:
                    await CopyChunkedAsync(reader, output, cancellationToken).ConfigureAwait(false);
                    break;
                case BodyFraming.UntilClose:
                    await CopyUntilCloseAsync(reader, output, cancellationToken).ConfigureAwait(false);
                    break;
            }

            await FlushAsync(output, cancellationToken).ConfigureAwait(false);
            return !replicaCloses;
        }
    }

    private static async ValueTask CopyLengthAsync(PipeReader reader, PipeWriter output, long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.IsEmpty && read.IsCompleted)
            {
                throw new EndOfResponseException("the replica closed the connection inside the response body");
            }

            var part = buffer.Slice(0, Math.Min(length, buffer.Length));
            Write(output, part);
            length -= part.Length;
            reader.AdvanceTo(part.End);
            if (length > 0)
            {
                await FlushAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask CopyChunkedAsync(PipeReader reader, PipeWriter output, CancellationToken cancellationToken)
    {
        var chunks = default(ChunkedBodyReader);
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (!chunks.TryAdvance(buffer, out var consumed))
            {
                throw new EndOfResponseException("the replica's chunked body is malformed");
            }

            var part = buffer.Slice(0, consumed);
            Write(output, part);
            reader.AdvanceTo(part.End);
            if (chunks.IsDone)
            {
                return;
            }

            if (read.IsCompleted)
            {
                throw new EndOfResponseException("the replica closed the connection inside the chunked body");
            }

            await FlushAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask CopyUntilCloseAsync(PipeReader reader, PipeWriter output, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Write(output, read.Buffer);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }

            await FlushAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Write(PipeWriter output, in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            output.Write(segment.Span);
        }
    }

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted || flush.IsCanceled)
        {
            throw new ClientGoneException();
        }
    }

    private static async ValueTask WriteProblemAsync(Exchange exchange, int status, string title, string detail)
    {
        exchange.Status = status;
        var cluster = exchange.Route!.Cluster;
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = $"https://tools.ietf.org/html/rfc9110#section-15.6.{(status == 502 ? 3 : 5)}",
            title,
            status,
            detail = $"App '{cluster.App.App}' (vertical '{cluster.App.Vertical}'): {detail}. See GET /api/apps/{cluster.App.App}/status and /logs.",
        });
        var head = $"HTTP/1.1 {status} {title}\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n{(exchange.CloseClient ? "Connection: close\r\n" : "")}\r\n";
        var output = exchange.Connection.Transport.Output;
        output.Write(Encoding.ASCII.GetBytes(head));
        output.Write(body);
        try
        {
            await output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The client is gone.
        }
    }

    /// <summary>The client's side of the connection ended.</summary>
    private sealed class ClientGoneException : Exception;

    /// <summary>The replica's side ended or answered something that cannot be relayed.</summary>
    private sealed class EndOfResponseException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Warning, "Replica {Destination} of {App}/{Service} refused a connection; no traffic for {Period}")]
        public static partial void Refused(ILogger logger, string destination, string app, string service, TimeSpan period);

        [LoggerMessage(5102, LogLevel.Warning, "{App}/{Service}: no replica could be reached: {Reason}")]
        public static partial void Failed(ILogger logger, string app, string service, string reason);

        [LoggerMessage(5103, LogLevel.Warning, "{App}/{Service}: replica {Destination} broke off an exchange under way: {Reason}")]
        public static partial void Broken(ILogger logger, string app, string service, string destination, string reason);
    }

    /// <summary>
    /// What one client connection carries from request to request: the planned request's rewritten
    /// head and the buffers it reuses, so a request allocates next to nothing.
    /// </summary>
    private sealed class Exchange(ConnectionContext connection)
    {
        private readonly ArrayBufferWriter<byte> _head = new(1024);
        private readonly ArrayBufferWriter<byte> _send = new(1024);
        private readonly ArrayBufferWriter<byte> _response = new(1024);
        private readonly byte[] _clientAddress = Encoding.ASCII.GetBytes((connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "");
        private byte[]? _headCopy;
        private int _lineLength;
        private int _hostAt;
        private bool _isHead;
        private GatewayDestination? _sentFor;

        public ConnectionContext Connection { get; } = connection;

        public GatewayRoute? Route { get; private set; }

        public GatewayDestination? Destination { get; private set; }

        public long ContentLength { get; private set; }

        public bool IsRetryable { get; private set; }

        public bool CloseClient { get; set; }

        public bool BodyStarted { get; set; }

        public bool ResponseStarted { get; set; }

        /// <summary>The final status the client got (0 before one), for the gateway's metrics.</summary>
        public int Status { get; set; }

        public ReadOnlySpan<byte> ResponseHead => _response.WrittenSpan;

        public ReadOnlySpan<byte> CopyHead(in ReadOnlySequence<byte> head)
        {
            if (_headCopy is null || _headCopy.Length < head.Length)
            {
                _headCopy = new byte[Math.Max((int)head.Length, 4096)];
            }

            head.CopyTo(_headCopy);
            return _headCopy.AsSpan(0, (int)head.Length);
        }

        // The head the replica gets, without its Host line (it depends on the replica), in _head:
        // request line | other headers and X-Forwarded-* | CRLF.
        public void Plan(in Http1Request request, GatewayRoute route, ReadOnlySpan<byte> forwardedTarget, GatewayDestination destination)
        {
            Route = route;
            Destination = destination;
            ContentLength = request.ContentLength;
            IsRetryable = request.IsRetryable;
            CloseClient = request.Close;
            _isHead = request.IsHead;
            BodyStarted = false;
            ResponseStarted = false;
            Status = 0;
            _sentFor = null;

            _head.ResetWrittenCount();
            Append(_head, request.Method);
            Append(_head, " "u8);
            if (forwardedTarget.IsEmpty || forwardedTarget[0] != (byte)'/')
            {
                Append(_head, "/"u8);
            }

            Append(_head, forwardedTarget);
            Append(_head, " HTTP/1.1\r\n"u8);
            _lineLength = _head.WrittenCount;
            var headers = request.Head[request.HeadersStart..^2];
            while (!headers.IsEmpty)
            {
                var end = headers.IndexOf("\r\n"u8);
                var line = headers[..(end + 2)];
                if (!Http1Request.IsReplacedOnForward(line[..^2]))
                {
                    Append(_head, line);
                }

                headers = headers[(end + 2)..];
            }

            Append(_head, "X-Forwarded-For: "u8);
            Append(_head, _clientAddress);
            Append(_head, "\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: "u8);
            Append(_head, request.Host);
            Append(_head, "\r\nX-Forwarded-Prefix: "u8);
            Append(_head, route.FullPrefix);
            Append(_head, "\r\n\r\n"u8);
            _hostAt = _lineLength;
        }

        public ReadOnlyMemory<byte> HeadFor(GatewayDestination destination)
        {
            if (!ReferenceEquals(_sentFor, destination))
            {
                var head = _head.WrittenSpan;
                _send.ResetWrittenCount();
                Append(_send, head[.._hostAt]);
                Append(_send, "Host: "u8);
                Append(_send, destination.Authority);
                Append(_send, "\r\n"u8);
                Append(_send, head[_hostAt..]);
                _sentFor = destination;
            }

            return _send.WrittenMemory;
        }

        public BodyFraming ParseResponse(in ReadOnlySequence<byte> headBytes, out long contentLength, out bool replicaCloses, out bool interim)
        {
            var head = headBytes.IsSingleSegment ? headBytes.FirstSpan : CopyHead(headBytes);
            _response.ResetWrittenCount();
            var closeClient = CloseClient;
            if (!Http1Response.TryParse(head, _isHead, ref closeClient, _response, out var response))
            {
                throw new EndOfResponseException("the replica's response head is not valid HTTP/1.1");
            }

            CloseClient = closeClient;
            if (!response.IsInterim)
            {
                Status = response.Status;
            }

            contentLength = response.ContentLength;
            replicaCloses = response.Close;
            interim = response.IsInterim;
            return response.Framing;
        }

        public void Clear()
        {
            Route = null;
            Destination = null;
        }

        private static void Append(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(writer.GetSpan(bytes.Length));
            writer.Advance(bytes.Length);
        }
    }
}
