using System.Buffers;
using System.Text;

namespace Strata.Server.Gateway.FastPath;

/// <summary>How the body of a response is delimited (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    /// <summary>No body: a HEAD request, 1xx, 204 or 304.</summary>
    None,

    /// <summary>Exactly <see cref="Http1Response.ContentLength"/> bytes.</summary>
    Length,

    /// <summary>Chunked transfer coding, ending with the last chunk and trailers.</summary>
    Chunked,

    /// <summary>Until the replica closes the connection.</summary>
    UntilClose,
}

/// <summary>The head of a replica's response, read as far as relaying it needs.</summary>
internal readonly ref struct Http1Response
{
    /// <summary>The longest response head relayed; a longer one fails the exchange.</summary>
    public const int MaxHeadLength = 64 * 1024;

    private Http1Response(int status, BodyFraming framing, long contentLength, bool close)
    {
        Status = status;
        Framing = framing;
        ContentLength = contentLength;
        Close = close;
    }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>How the body that follows is delimited.</summary>
    public BodyFraming Framing { get; }

    /// <summary>The body length when <see cref="Framing"/> is <see cref="BodyFraming.Length"/>.</summary>
    public long ContentLength { get; }

    /// <summary>The replica closes (or wants closed) its connection after this response.</summary>
    public bool Close { get; }

    /// <summary>An interim (1xx) response: the final one follows on the same connection.</summary>
    public bool IsInterim => Status is >= 100 and < 200;

    /// <summary>
    /// Reads a complete response head, and writes to <paramref name="relayed"/> the head the client
    /// gets: the status line as HTTP/1.1, every header but the hop-by-hop ones, and
    /// <c>Connection: close</c> when <paramref name="closeClient"/> (or a body delimited by closing) says so.
    /// </summary>
    /// <returns>False for a head that is not HTTP/1.x or whose framing is contradictory.</returns>
    public static bool TryParse(ReadOnlySpan<byte> head, bool requestWasHead, ref bool closeClient, IBufferWriter<byte> relayed, out Http1Response response)
    {
        response = default;
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != (byte)' '
            || !TryParseStatus(head.Slice(9, 3), out var status) || (lineEnd > 12 && head[12] != (byte)' '))
        {
            return false;
        }

        var http10 = head[7] == (byte)'0';
        var keepAlive = false;
        var close = false;
        var chunked = false;
        var otherCoding = false;
        long contentLength = -1;
        Write(relayed, "HTTP/1.1"u8);
        Write(relayed, head[8..(lineEnd + 2)]);
        var position = lineEnd + 2;
        while (true)
        {
            var end = head[position..].IndexOf("\r\n"u8);
            if (end < 0)
            {
                return false;
            }

            if (end == 0)
            {
                break;
            }

            var line = head.Slice(position, end);
            position += end + 2;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close |= Http1Request.ContainsToken(value, "close"u8);
                keepAlive |= Http1Request.ContainsToken(value, "keep-alive"u8);
                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "keep-alive"u8) || Ascii.EqualsIgnoreCase(name, "proxy-connection"u8))
            {
                continue;
            }

            if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Chunked must be the last coding; anything else is delimited by closing.
                var last = value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8);
                chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
                otherCoding = !chunked;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Http1Request.TryParseLength(value, out var length) || (contentLength >= 0 && length != contentLength))
                {
                    return false;
                }

                contentLength = length;
            }

            Write(relayed, line);
            Write(relayed, "\r\n"u8);
        }

        BodyFraming framing;
        if (requestWasHead || status is (>= 100 and < 200) or 204 or 304)
        {
            framing = BodyFraming.None;
        }
        else if (chunked)
        {
            framing = BodyFraming.Chunked;
        }
        else if (otherCoding || contentLength < 0)
        {
            framing = BodyFraming.UntilClose;
        }
        else
        {
            framing = BodyFraming.Length;
        }

        var replicaCloses = close || (http10 && !keepAlive) || framing == BodyFraming.UntilClose;
        closeClient |= framing == BodyFraming.UntilClose;
        if (closeClient && !(status is >= 100 and < 200))
        {
            Write(relayed, "Connection: close\r\n"u8);
        }

        Write(relayed, "\r\n"u8);
        response = new Http1Response(status, framing, Math.Max(contentLength, 0), replicaCloses);
        return true;
    }

    private static bool TryParseStatus(ReadOnlySpan<byte> digits, out int status)
    {
        status = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            status = (status * 10) + (digit - '0');
        }

        return status >= 100;
    }

    private static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }
}

/// <summary>
/// Follows the chunked transfer coding through a relayed body (RFC 9112 §7.1): the bytes pass
/// through unchanged; this only finds where the body ends.
/// </summary>
internal struct ChunkedBodyReader
{
    private State _state;
    private long _remaining;
    private int _lineLength;

    private enum State
    {
        Size,
        SizeLineRest,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    /// <summary>The last chunk and the trailer section have been seen.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>
    /// Reads as much of <paramref name="buffer"/> as belongs to the body and returns how many bytes
    /// that is (all of it unless the body ends inside). False when the coding is malformed.
    /// </summary>
    public bool TryAdvance(in ReadOnlySequence<byte> buffer, out long consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (_state != State.Done && !reader.End)
        {
            switch (_state)
            {
                case State.Size:
                    reader.TryRead(out var c);
                    if (++_lineLength > 1024)
                    {
                        consumed = 0;
                        return false;
                    }

                    if (HexValue(c) is var digit and >= 0)
                    {
                        if (_remaining > (long.MaxValue >> 4))
                        {
                            consumed = 0;
                            return false;
                        }

                        _remaining = (_remaining << 4) + digit;
                    }
                    else if (c is (byte)';' or (byte)' ' or (byte)'\t' or (byte)'\r' && _lineLength > 1)
                    {
                        _state = State.SizeLineRest;
                        if (c == (byte)'\r')
                        {
                            reader.Rewind(1);
                        }
                    }
                    else
                    {
                        consumed = 0;
                        return false;
                    }

                    break;
                case State.SizeLineRest:
                    // Chunk extensions are passed on unread, up to the line's end.
                    reader.TryRead(out var e);
                    if (++_lineLength > 1024)
                    {
                        consumed = 0;
                        return false;
                    }

                    if (e == (byte)'\n')
                    {
                        _lineLength = 0;
                        _state = _remaining == 0 ? State.Trailer : State.Data;
                    }

                    break;
                case State.Data:
                    var take = Math.Min(_remaining, reader.Remaining);
                    reader.Advance(take);
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;
                case State.DataEnd:
                    reader.TryRead(out var d);
                    _lineLength++;
                    if ((_lineLength == 1 && d != (byte)'\r') || (_lineLength == 2 && d != (byte)'\n'))
                    {
                        consumed = 0;
                        return false;
                    }

                    if (_lineLength == 2)
                    {
                        _lineLength = 0;
                        _state = State.Size;
                    }

                    break;
                case State.Trailer:
                    // Trailer lines until an empty one; _lineLength counts the current line's bytes.
                    reader.TryRead(out var t);
                    if (t == (byte)'\n')
                    {
                        _state = _lineLength <= 1 ? State.Done : State.Trailer;
                        _lineLength = 0;
                    }
                    else if (++_lineLength > 8192)
                    {
                        consumed = 0;
                        return false;
                    }

                    break;
            }
        }

        consumed = reader.Consumed;
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
