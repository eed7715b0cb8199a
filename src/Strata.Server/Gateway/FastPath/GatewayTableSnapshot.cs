namespace Strata.Server.Gateway.FastPath;

/// <summary>
/// What a <see cref="GatewayTable"/> routes, as plain data: what the host streams to the gateway
/// process (<c>GET /api/_internal/gateway/table</c>, one JSON line per publish) and what both build
/// their tables from, so that the two modes route alike.
/// </summary>
/// <param name="Version">Counts the host's publishes; a gateway can tell a newer snapshot from an older one.</param>
/// <param name="Apps">The apps on the fast path.</param>
internal sealed record GatewayTableSnapshot(long Version, IReadOnlyList<GatewayTableSnapshot.AppEntry> Apps)
{
    /// <summary>One app: its routes and the ready replicas of its routed services.</summary>
    /// <param name="Vertical">The app's vertical.</param>
    /// <param name="App">The app's name.</param>
    /// <param name="Routes">Its routes, in any order.</param>
    /// <param name="Services">The services its routes go to.</param>
    internal sealed record AppEntry(string Vertical, string App, IReadOnlyList<RouteEntry> Routes, IReadOnlyList<ServiceEntry> Services);

    /// <summary>A route: its prefix under the app's path, the whole prefix removed before forwarding, the service.</summary>
    /// <param name="Prefix">Under <c>/apps/{vertical}/{app}</c>, no trailing slash, empty for the root.</param>
    /// <param name="FullPrefix">The whole path prefix (the replica's <c>X-Forwarded-Prefix</c>).</param>
    /// <param name="Service">The service the route goes to.</param>
    internal sealed record RouteEntry(string Prefix, string FullPrefix, string Service);

    /// <summary>A routed service and its ready replicas.</summary>
    /// <param name="Service">The service's name.</param>
    /// <param name="Destinations">Its ready replicas.</param>
    internal sealed record ServiceEntry(string Service, IReadOnlyList<DestinationEntry> Destinations);

    /// <summary>A ready replica.</summary>
    /// <param name="Id">The gateway's id of the replica (kept across snapshots while the replica is the same).</param>
    /// <param name="Address">Its base address.</param>
    internal sealed record DestinationEntry(string Id, string Address);

    /// <summary>No app.</summary>
    public static GatewayTableSnapshot Empty { get; } = new(0, []);
}
