using System.Buffers;
using System.Text;

namespace Strata.Server.Gateway.FastPath;

/// <summary>
/// The head of an HTTP/1.1 request, read only as far as the gateway's fast path needs: method, target,
/// Host, how the body is framed, whether the client wants the connection closed. Anything the fast
/// path does not forward byte for byte with certainty — another HTTP version, a chunked or ambiguous
/// body, an upgrade, <c>Expect</c>, control characters, an over-long head — makes <see cref="TryParse"/>
/// say no, and Kestrel (with YARP behind it) gets the request instead and answers it by the book.
/// </summary>
internal readonly ref struct Http1Request
{
    /// <summary>The longest head the fast path reads; longer ones go to Kestrel, which applies its own limits.</summary>
    public const int MaxHeadLength = 16 * 1024;

    private Http1Request(ReadOnlySpan<byte> head, int methodEnd, int targetStart, int targetEnd, int headersStart, Range host, long contentLength, bool close)
    {
        Head = head;
        Method = head[..methodEnd];
        Target = head[targetStart..targetEnd];
        HeadersStart = headersStart;
        Host = head[host];
        ContentLength = contentLength;
        Close = close;
    }

    /// <summary>The whole head, request line to the empty line included.</summary>
    public ReadOnlySpan<byte> Head { get; }

    /// <summary>The method, e.g. <c>GET</c>.</summary>
    public ReadOnlySpan<byte> Method { get; }

    /// <summary>The request target in origin form (<c>/path?query</c>), as sent.</summary>
    public ReadOnlySpan<byte> Target { get; }

    /// <summary>Where the first header line starts in <see cref="Head"/>.</summary>
    public int HeadersStart { get; }

    /// <summary>The Host header's value; empty when there was none.</summary>
    public ReadOnlySpan<byte> Host { get; }

    /// <summary>The body's length from Content-Length; 0 when the request has none.</summary>
    public long ContentLength { get; }

    /// <summary>The client asked to close the connection after this exchange.</summary>
    public bool Close { get; }

    /// <summary>Whether sending the request again cannot change anything the first attempt did (RFC 9110 §9.2.2) and it has no body.</summary>
    public bool IsRetryable => ContentLength == 0 && (Method.SequenceEqual("GET"u8) || Method.SequenceEqual("HEAD"u8)
        || Method.SequenceEqual("OPTIONS"u8) || Method.SequenceEqual("PUT"u8) || Method.SequenceEqual("DELETE"u8) || Method.SequenceEqual("TRACE"u8));

    /// <summary>Whether the request is a HEAD, whose response has no body whatever its headers say.</summary>
    public bool IsHead => Method.SequenceEqual("HEAD"u8);

    /// <summary>
    /// Reads a complete head (ending with an empty line). False when the fast path should not handle
    /// the request; the caller then leaves it to Kestrel untouched.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out Http1Request request)
    {
        request = default;
        if (head.Length > MaxHeadLength || !head.EndsWith("\r\n\r\n"u8))
        {
            return false;
        }

        // Request line: method SP origin-form SP HTTP/1.1 CRLF.
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        var methodEnd = line.IndexOf((byte)' ');
        if (methodEnd <= 0 || !IsToken(line[..methodEnd]))
        {
            return false;
        }

        var targetStart = methodEnd + 1;
        var targetLength = line[targetStart..].IndexOf((byte)' ');
        if (targetLength <= 0 || line[targetStart] != (byte)'/' || !line[(targetStart + targetLength + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        var targetEnd = targetStart + targetLength;
        if (line[targetStart..targetEnd].IndexOfAnyInRange((byte)0, (byte)' ') >= 0 || line[targetStart..targetEnd].Contains((byte)0x7F))
        {
            return false;
        }

        var headersStart = lineEnd + 2;
        Range host = default;
        var hasHost = false;
        long contentLength = 0;
        var hasContentLength = false;
        var close = false;
        var position = headersStart;
        while (true)
        {
            var end = head[position..].IndexOf("\r\n"u8);
            if (end == 0)
            {
                break;
            }

            var header = head.Slice(position, end);
            var colon = header.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(header[..colon]) || !IsFieldValue(header[(colon + 1)..]))
            {
                // No name, whitespace before the colon, an obsolete line fold, a bare CR or LF, a control character.
                return false;
            }

            var name = header[..colon];
            var value = header[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (hasHost)
                {
                    return false;
                }

                hasHost = true;
                var raw = header[(colon + 1)..];
                var valueStart = position + colon + 1 + (raw.Length - raw.TrimStart(" \t"u8).Length);
                host = new Range(valueStart, valueStart + value.Length);
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (hasContentLength || !TryParseLength(value, out contentLength))
                {
                    return false;
                }

                hasContentLength = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) || Ascii.EqualsIgnoreCase(name, "upgrade"u8)
                || Ascii.EqualsIgnoreCase(name, "expect"u8))
            {
                // A chunked body, a protocol switch or a 100-continue handshake: Kestrel and YARP do those.
                return false;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close |= ContainsToken(value, "close"u8);
            }

            position += end + 2;
        }

        if (!hasHost)
        {
            // HTTP/1.1 requires Host (RFC 9112 §3.2); Kestrel answers 400.
            return false;
        }

        request = new Http1Request(head, methodEnd, targetStart, targetEnd, headersStart, host, contentLength, close);
        return true;
    }

    /// <summary>
    /// Whether the header line at <paramref name="line"/> (name and value, no CRLF) is hop-by-hop or
    /// one the gateway sets itself, and so is not copied to the replica.
    /// </summary>
    public static bool IsReplacedOnForward(ReadOnlySpan<byte> line)
    {
        var name = line[..line.IndexOf((byte)':')];
        return name.Length switch
        {
            2 => Ascii.EqualsIgnoreCase(name, "te"u8),
            4 => Ascii.EqualsIgnoreCase(name, "host"u8),
            7 => Ascii.EqualsIgnoreCase(name, "trailer"u8),
            10 => Ascii.EqualsIgnoreCase(name, "connection"u8) || Ascii.EqualsIgnoreCase(name, "keep-alive"u8),
            15 => Ascii.EqualsIgnoreCase(name, "x-forwarded-for"u8),
            16 => Ascii.EqualsIgnoreCase(name, "x-forwarded-host"u8) || Ascii.EqualsIgnoreCase(name, "proxy-connection"u8),
            17 => Ascii.EqualsIgnoreCase(name, "x-forwarded-proto"u8),
            18 => Ascii.EqualsIgnoreCase(name, "x-forwarded-prefix"u8),
            _ => false,
        };
    }

    internal static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 15)
        {
            return false;
        }

        foreach (var digit in value)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            length = (length * 10) + (digit - '0');
        }

        return true;
    }

    internal static bool ContainsToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    // tchar of RFC 9110 §5.6.2.
    private static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && value.IndexOfAnyExcept(TokenChars) < 0;

    // VCHAR, obs-text, SP and HTAB; a value starting with whitespace right after CRLF would be a fold,
    // but folds never reach here: the line would have no colon-led name.
    private static bool IsFieldValue(ReadOnlySpan<byte> value) => value.IndexOfAnyInRange((byte)0, (byte)0x08) < 0
        && value.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) < 0 && !value.Contains((byte)0x7F);

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);
}
