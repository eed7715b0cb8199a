using Strata.Core.Discovery;

namespace Strata.Core.Tests.Discovery;

public sealed class CallableAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:5000", "http://[::1]:5000/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:80", "http://127.0.0.1/")]
    [InlineData("https://127.0.0.1:7443/some/path?q=1", "https://127.0.0.1:7443/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    [InlineData("http://strata.example:5000", "http://strata.example:5000/")]
    public void A_wildcard_listen_address_is_called_on_loopback_and_the_path_is_dropped(string url, string expected) =>
        Assert.Equal(new Uri(expected), CallableAddress.Of(url));

    [Theory]
    [InlineData("http://0.0.0.0:5000/", "http://127.0.0.1:5000")]
    [InlineData("http://[::]:5000/", "http://[::1]:5000")]
    [InlineData("http://127.0.0.1:80/", "http://127.0.0.1:80")]
    public void The_key_is_scheme_host_and_port_without_a_slash(string url, string expected) =>
        Assert.Equal(expected, CallableAddress.Key(new Uri(url)));
}
