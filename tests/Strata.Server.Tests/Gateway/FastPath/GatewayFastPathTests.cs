using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Testing;

namespace Strata.Server.Tests.Gateway.FastPath;

/// <summary>
/// The gateway's fast path against a real host and replica: it relays what it takes on intact, sends
/// the replica the same request as the Kestrel and YARP path does, and hands Kestrel what it leaves.
/// </summary>
public sealed class GatewayFastPathTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-fastpath");

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Both_paths_send_the_replica_the_same_request_and_bodies_arrive_intact(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("echo", "hi", replicas: 1);
        var payload = RandomNumberGenerator.GetBytes(1 << 20);

        // Not host.Http: its connection carried the deploy, so Kestrel owns it now.
        using var http = new HttpClient();

        // A body with a length: the fast path relays it.
        var before = await GatewayModes.RelayedAsync(host);
        var relayed = await EchoAsync(http, apps.Url("echo", "echo/a/b?c=1&d=%20"), payload, chunked: false);
        Assert.Equal(before + 1, await GatewayModes.RelayedAsync(host));

        // A chunked body: left to Kestrel and YARP (in mode Process, spliced to the host).
        before = await GatewayModes.RelayedAsync(host);
        var proxied = await EchoAsync(http, apps.Url("echo", "echo/a/b?c=1&d=%20"), payload, chunked: true);
        Assert.Equal(before, await GatewayModes.RelayedAsync(host));

        Assert.Equal("/echo/a/b?c=1&d=%20", relayed["path"]);
        Assert.Equal(payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), relayed["bodyLength"]);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), relayed["bodySha256"]);
        Assert.Equal("/apps/web/echo", relayed["x-forwarded-prefix"]);
        Assert.Equal($"{host.Address.Host}:{host.Address.Port}", relayed["x-forwarded-host"]);
        Assert.Equal("custom", relayed["x-custom"]);
        foreach (var key in relayed.Keys)
        {
            Assert.True(relayed[key] == proxied[key], $"{key}: fast path sent '{relayed[key]}', YARP sent '{proxied[key]}'");
        }
    }

    [Theory]
    [InlineData(GatewayMode.InProcess)]
    [InlineData(GatewayMode.Process)]
    public async Task Relays_chunked_and_head_responses_and_hands_a_connection_to_kestrel_for_other_paths(GatewayMode mode)
    {
        await using var host = await GatewayModes.StartWebAsync(_root, mode);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("mixed", "hi", replicas: 1);

        // One connection for everything below, so the hand-over happens in the middle of it.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        var before = await GatewayModes.RelayedAsync(host);
        var chunked = await http.GetStringAsync(apps.Url("mixed", "chunked?parts=300"));
        Assert.Equal(300, chunked.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("part 0299\n", chunked, StringComparison.Ordinal);

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, apps.Url("mixed", "echo/head"))))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal("hi from revision 1", await http.GetStringAsync(apps.Url("mixed")));
        Assert.Equal(before + 3, await GatewayModes.RelayedAsync(host));

        // The control API on the same connection: Kestrel takes the connection over from here on.
        using (var api = await http.SendAsync(host.AdminRequest(HttpMethod.Get, "/api/apps")))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        Assert.Equal("hi from revision 1", await http.GetStringAsync(apps.Url("mixed")));
        Assert.Equal(before + 3, await GatewayModes.RelayedAsync(host));

        // An app the gateway does not serve is Kestrel's too: a plain 404.
        using var unknown = await host.Http.GetAsync(apps.Url("nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Turned_off_every_request_goes_through_kestrel_and_yarp()
    {
        var settings = new Dictionary<string, string?> { ["Strata:Gateway:FastPath"] = "false", ["Strata:Gateway:InlineScheduling"] = "false" };
        await using var host = await TestHost.StartAsync(_root, settings, FixturePlugins.WebVertical);
        var apps = new WebApps(host, _root);
        await apps.DeployOkAsync("off", "hi", replicas: 1);

        Assert.Equal("hi from revision 1", await host.Http.GetStringAsync(apps.Url("off")));
        Assert.Equal(0, host.Services.GetRequiredService<GatewayConnectionHandler>().Relayed);
        Assert.False(host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task Socket_continuations_run_inline_by_default()
    {
        await using var host = await TestHost.StartAsync(_root);
        Assert.True(host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<Dictionary<string, string?>> EchoAsync(HttpClient http, Uri url, byte[] payload, bool chunked)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
        request.Headers.Add("X-Custom", "custom");
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string?>>())!;
    }
}
