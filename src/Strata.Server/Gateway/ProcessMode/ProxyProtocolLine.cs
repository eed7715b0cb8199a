using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Strata.Server.Gateway.ProcessMode;

/// <summary>
/// The PROXY protocol's version 1 header line (haproxy's <c>proxy-protocol.txt</c>, section 2.1):
/// <c>PROXY TCP4|TCP6 &lt;source&gt; &lt;destination&gt; &lt;source port&gt; &lt;destination port&gt;\r\n</c>, or
/// <c>PROXY UNKNOWN…\r\n</c>. The gateway process writes one before each connection it splices to the
/// host, so that the host sees the client's address and not the gateway's.
/// </summary>
internal static class ProxyProtocolLine
{
    /// <summary>The longest line the protocol allows, CRLF included.</summary>
    public const int MaxLength = 107;

    /// <summary>The line for a connection whose addresses are not known or not carried (the gateway's own calls).</summary>
    public static ReadOnlySpan<byte> Unknown => "PROXY UNKNOWN\r\n"u8;

    /// <summary>The line for a connection from <paramref name="source"/> to <paramref name="destination"/>; <see cref="Unknown"/> unless both are IP endpoints of one family.</summary>
    public static byte[] For(EndPoint? source, EndPoint? destination)
    {
        if (source is not IPEndPoint from || destination is not IPEndPoint to)
        {
            return Unknown.ToArray();
        }

        var fromAddress = from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address;
        var toAddress = to.Address.IsIPv4MappedToIPv6 ? to.Address.MapToIPv4() : to.Address;
        if (fromAddress.AddressFamily != toAddress.AddressFamily)
        {
            return Unknown.ToArray();
        }

        var family = fromAddress.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"PROXY {family} {fromAddress} {toAddress} {from.Port} {to.Port}\r\n"));
    }

    /// <summary>
    /// Reads one line (<paramref name="line"/> without its CRLF). For TCP4 and TCP6, the client's and
    /// the proxy's endpoints; for UNKNOWN, both null. False with the reason when the line is malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out IPEndPoint? source, out IPEndPoint? destination, out string? problem)
    {
        source = destination = null;
        problem = null;
        if (!line.StartsWith("PROXY "u8))
        {
            problem = "the connection does not start with a PROXY protocol v1 line ('PROXY TCP4 …\\r\\n')";
            return false;
        }

        if (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0)
        {
            problem = "the PROXY line has a control or non-ASCII character";
            return false;
        }

        var parts = Encoding.ASCII.GetString(line).Split(' ');
        if (parts[1] == "UNKNOWN")
        {
            return true;
        }

        if (parts[1] is not ("TCP4" or "TCP6"))
        {
            problem = $"the PROXY line's protocol is '{parts[1]}'; expected TCP4, TCP6 or UNKNOWN";
            return false;
        }

        if (parts.Length != 6)
        {
            problem = $"the PROXY line has {parts.Length - 2} fields after {parts[1]}; expected 4 (source and destination address, source and destination port)";
            return false;
        }

        var family = parts[1] == "TCP4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (!TryAddress(parts[2], family, out var from) || !TryAddress(parts[3], family, out var to))
        {
            problem = $"the PROXY line's addresses '{parts[2]}' and '{parts[3]}' are not both {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} addresses";
            return false;
        }

        if (!TryPort(parts[4], out var fromPort) || !TryPort(parts[5], out var toPort))
        {
            problem = $"the PROXY line's ports '{parts[4]}' and '{parts[5]}' are not both numbers from 0 to 65535";
            return false;
        }

        source = new IPEndPoint(from, fromPort);
        destination = new IPEndPoint(to, toPort);
        return true;
    }

    private static bool TryAddress(string text, AddressFamily family, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && address.AddressFamily == family;

    private static bool TryPort(string text, out int port)
    {
        port = 0;
        return text.Length is > 0 and <= 5
            && text.All(char.IsAsciiDigit)
            && (text.Length == 1 || text[0] != '0')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port <= 65535;
    }
}
