using Strata.Server.Gateway;

namespace Strata.Server.Tests.Gateway;

/// <summary>The gateway address the host gives apps that use others: fixed ports known at once, wildcards called on loopback.</summary>
public sealed class GatewayAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5480", "http://127.0.0.1:5480/")]
    [InlineData("http://0.0.0.0:5480", "http://127.0.0.1:5480/")]
    [InlineData("http://[::]:5480", "http://[::1]:5480/")]
    [InlineData("http://*:5480", "http://127.0.0.1:5480/")]
    [InlineData("http://+:5480;http://127.0.0.1:6000", "http://127.0.0.1:5480/")]
    [InlineData("http://localhost:5480/", "http://localhost:5480/")]
    [InlineData("http://127.0.0.1", "http://127.0.0.1/")]
    public void A_named_port_is_known_before_the_host_listens(string urls, string expected) =>
        Assert.Equal(expected, GatewayAddress.Fixed(urls)!.ToString());

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("")]
    public void Port_0_is_known_only_once_the_gateway_listens(string urls) => Assert.Null(GatewayAddress.Fixed(urls));
}
