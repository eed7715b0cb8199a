using System.Text;
using System.Text.Json;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;

namespace Strata.Server.Tests.Gateway.FastPath;

/// <summary>The table as plain data: what the host streams to the gateway process, and every bad snapshot refused by name.</summary>
public sealed class GatewayTableSnapshotTests
{
    private static GatewayTableSnapshot Snapshot(string address = "http://127.0.0.1:7001/", string routeService = "web") => new(3,
    [
        new("web", "shop",
            [new("", "/apps/web/shop", "web"), new("/api", "/apps/web/shop/api", routeService)],
            [new("web", [new("web-r1-1@1", address)])]),
    ]);

    [Fact]
    public void A_table_built_from_its_streamed_snapshot_routes_alike_and_keeps_its_destinations()
    {
        var table = GatewayTable.Build(Snapshot(), GatewayTable.Empty);
        var line = JsonSerializer.Serialize(table.Snapshot, GatewayInternalApi.Json);
        var received = GatewayTable.Build(JsonSerializer.Deserialize<GatewayTableSnapshot>(line, GatewayInternalApi.Json)!, GatewayTable.Empty);

        Assert.True(received.TryMatch("/apps/web/shop/api/items?x=1"u8, out var route, out var forwarded));
        Assert.Equal("/api", route.Prefix);
        Assert.Equal("/items?x=1", Encoding.ASCII.GetString(forwarded));
        Assert.Equal("/apps/web/shop/api", Encoding.ASCII.GetString(route.FullPrefix));
        Assert.Equal(new Uri("http://127.0.0.1:7001/"), route.Cluster.Destinations.Single().Address);
        Assert.False(received.TryMatch("/apps/web/shopx/"u8, out _, out _));

        // The next snapshot keeps the same replica's destination (its health and idle connections).
        var next = GatewayTable.Build(Snapshot(), received);
        Assert.Same(received.Destinations.Single(), next.Destinations.Single());
        Assert.Equal(3, next.Snapshot.Version);
    }

    [Fact]
    public void A_snapshot_with_a_route_to_an_unlisted_service_or_a_relative_address_is_refused_by_name()
    {
        var unlisted = Assert.Throws<ArgumentException>(() => GatewayTable.Build(Snapshot(routeService: "api"), GatewayTable.Empty));
        Assert.Contains("route '/apps/web/shop/api' goes to service 'api', which the app does not list", unlisted.Message, StringComparison.Ordinal);

        var relative = Assert.Throws<ArgumentException>(() => GatewayTable.Build(Snapshot(address: "127.0.0.1:7001"), GatewayTable.Empty));
        Assert.Contains("destination 'web-r1-1@1' has no absolute address ('127.0.0.1:7001')", relative.Message, StringComparison.Ordinal);
    }
}
