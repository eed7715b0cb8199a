using System.Net;
using System.Text;
using Strata.Server.Gateway.ProcessMode;

namespace Strata.Server.Tests.Gateway.ProcessMode;

/// <summary>The PROXY protocol v1 line, both ways, and every malformed line refused with its reason.</summary>
public sealed class ProxyProtocolLineTests
{
    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 127.0.0.1 51234 5480", "203.0.113.7:51234", "127.0.0.1:5480")]
    [InlineData("PROXY TCP6 2001:db8::1 ::1 65535 0", "[2001:db8::1]:65535", "[::1]:0")]
    public void Reads_the_client_and_proxy_endpoints(string line, string source, string destination)
    {
        Assert.True(ProxyProtocolLine.TryParse(Encoding.ASCII.GetBytes(line), out var from, out var to, out var problem), problem);
        Assert.Equal(IPEndPoint.Parse(source), from);
        Assert.Equal(IPEndPoint.Parse(destination), to);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN")]
    [InlineData("PROXY UNKNOWN ffff::1 ::1 1 2")]
    public void Unknown_keeps_the_connections_own_endpoints(string line)
    {
        Assert.True(ProxyProtocolLine.TryParse(Encoding.ASCII.GetBytes(line), out var from, out var to, out _));
        Assert.Null(from);
        Assert.Null(to);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1", "does not start with a PROXY protocol v1 line")]
    [InlineData("PROXY UDP4 1.2.3.4 5.6.7.8 1 2", "protocol is 'UDP4'")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1", "has 3 fields")]
    [InlineData("PROXY TCP4 banana 5.6.7.8 1 2", "'banana' and '5.6.7.8' are not both IPv4")]
    [InlineData("PROXY TCP4 ::1 5.6.7.8 1 2", "are not both IPv4")]
    [InlineData("PROXY TCP6 1.2.3.4 ::1 1 2", "are not both IPv6")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2", "'65536' and '2' are not both numbers")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2", "are not both numbers")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 01 2", "are not both numbers")]
    [InlineData("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2", "control or non-ASCII character")]
    public void Malformed_lines_are_refused_with_the_reason(string line, string reason)
    {
        Assert.False(ProxyProtocolLine.TryParse(Encoding.ASCII.GetBytes(line), out var from, out _, out var problem));
        Assert.Null(from);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_what_it_reads()
    {
        var line = ProxyProtocolLine.For(IPEndPoint.Parse("198.51.100.2:40000"), IPEndPoint.Parse("127.0.0.1:8080"));
        Assert.Equal("PROXY TCP4 198.51.100.2 127.0.0.1 40000 8080\r\n", Encoding.ASCII.GetString(line));
        Assert.True(ProxyProtocolLine.TryParse(line.AsSpan(0, line.Length - 2), out var from, out var to, out _));
        Assert.Equal(IPEndPoint.Parse("198.51.100.2:40000"), from);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8080"), to);

        // IPv4 clients on a dual-stack socket arrive mapped to IPv6: written as IPv4.
        var mapped = ProxyProtocolLine.For(new IPEndPoint(IPAddress.Parse("::ffff:10.0.0.1"), 1), new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 2));
        Assert.Equal("PROXY TCP4 10.0.0.1 127.0.0.1 1 2\r\n", Encoding.ASCII.GetString(mapped));
        Assert.Equal("PROXY UNKNOWN\r\n", Encoding.ASCII.GetString(ProxyProtocolLine.For(null, null)));
    }
}
