using System.Collections.Frozen;
using System.Text;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway.FastPath;

/// <summary>A routed service as the fast path sees it: the app and service, and its ready replicas.</summary>
internal sealed class GatewayCluster(AppRef app, string service, GatewayDestination[] destinations)
{
    private int _next;

    /// <summary>The app the service belongs to.</summary>
    public AppRef App { get; } = app;

    /// <summary>The service's name.</summary>
    public string Service { get; } = service;

    /// <summary>The service's ready replicas.</summary>
    public GatewayDestination[] Destinations { get; } = destinations;

    /// <summary>The app's request tally, kept here by the fast path after its first counted request.</summary>
    public Telemetry.GatewayRequestTally? Tally { get; set; }

    /// <summary>
    /// Picks a healthy replica not in <paramref name="tried"/> by <paramref name="policy"/>; null when none is left.
    /// </summary>
    public GatewayDestination? Pick(LoadBalancing policy, GatewayDestination? tried1, GatewayDestination? tried2)
    {
        var destinations = Destinations;
        var count = destinations.Length;
        if (count == 0)
        {
            return null;
        }

        var start = policy switch
        {
            LoadBalancing.LeastRequests or LoadBalancing.RoundRobin => (int)((uint)Interlocked.Increment(ref _next) % (uint)count),
            _ => Random.Shared.Next(count),
        };

        GatewayDestination? best = null;
        for (var i = 0; i < count; i++)
        {
            var candidate = destinations[(start + i) % count];
            if (!candidate.IsHealthy || ReferenceEquals(candidate, tried1) || ReferenceEquals(candidate, tried2))
            {
                continue;
            }

            if (policy is LoadBalancing.RoundRobin or LoadBalancing.Random)
            {
                return candidate;
            }

            if (policy == LoadBalancing.PowerOfTwoChoices)
            {
                // The first two healthy replicas from a random start: the less busy one.
                if (best is null)
                {
                    best = candidate;
                    continue;
                }

                return candidate.InFlight < best.InFlight ? candidate : best;
            }

            // Least requests, ties broken by the rotating start so that idle replicas share the load.
            if (best is null || candidate.InFlight < best.InFlight)
            {
                best = candidate;
            }
        }

        return best;
    }
}

/// <summary>The balancing policies the fast path knows, by the names YARP gives them.</summary>
internal enum LoadBalancing
{
    LeastRequests,
    RoundRobin,
    PowerOfTwoChoices,
    Random,
}

/// <summary>One route of an app: the path prefix under the app's path and the service it goes to.</summary>
/// <param name="Prefix">The route's prefix under <c>/apps/{vertical}/{app}</c>, without a trailing slash (empty for the root).</param>
/// <param name="FullPrefix">The whole prefix removed before forwarding, as bytes for <c>X-Forwarded-Prefix</c>.</param>
/// <param name="Cluster">Where the route's requests go.</param>
internal sealed record GatewayRoute(string Prefix, byte[] FullPrefix, GatewayCluster Cluster);

/// <summary>
/// An immutable picture of what the fast path routes: per app, its routes (longest prefix first).
/// Apps whose routes match on host are left out: their requests take the YARP path, which matches hosts.
/// </summary>
internal sealed class GatewayTable
{
    private readonly FrozenDictionary<string, GatewayRoute[]> _apps;
    private readonly FrozenDictionary<string, GatewayRoute[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private GatewayTable(FrozenDictionary<string, GatewayRoute[]> apps, IReadOnlyList<GatewayDestination> destinations)
    {
        _apps = apps;
        _lookup = apps.GetAlternateLookup<ReadOnlySpan<char>>();
        Destinations = destinations;
    }

    /// <summary>The table with no app: every request takes the YARP path.</summary>
    public static GatewayTable Empty { get; } = new(FrozenDictionary<string, GatewayRoute[]>.Empty, []);

    /// <summary>Every destination of the table.</summary>
    public IReadOnlyList<GatewayDestination> Destinations { get; }

    /// <summary>The table as plain data (<see cref="Build(GatewayTableSnapshot, GatewayTable)"/> rebuilds it).</summary>
    public GatewayTableSnapshot Snapshot { get; private init; } = GatewayTableSnapshot.Empty;

    /// <summary>
    /// Builds the table from the YARP routes and clusters the gateway publishes, keeping the
    /// destinations of <paramref name="previous"/> that are still there (their counters, health and
    /// idle connections) and removing the others.
    /// </summary>
    public static GatewayTable Build(IEnumerable<(AppRef App, IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters, bool MatchesHosts)> apps, GatewayTable previous, long version = 0)
    {
        var entries = new List<GatewayTableSnapshot.AppEntry>();
        foreach (var (app, routes, clusters, matchesHosts) in apps)
        {
            if (matchesHosts)
            {
                continue;
            }

            var services = new Dictionary<string, GatewayTableSnapshot.ServiceEntry>(StringComparer.Ordinal);
            foreach (var cluster in clusters)
            {
                if (GatewayTarget.TryRead(cluster, out _, out var service))
                {
                    services[cluster.ClusterId] = new GatewayTableSnapshot.ServiceEntry(service, [.. (cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
                        .Select(d => new GatewayTableSnapshot.DestinationEntry(d.Key, new Uri(d.Value.Address).ToString()))]);
                }
            }

            var appPath = StrataNames.AppPath(app.Vertical, app.App).TrimEnd('/');
            var routeEntries = routes
                .Where(r => services.ContainsKey(r.ClusterId!))
                .Select(r =>
                {
                    var path = r.Match.Path!;
                    var full = path[..path.IndexOf("/{**", StringComparison.Ordinal)];
                    return new GatewayTableSnapshot.RouteEntry(full[appPath.Length..], full, services[r.ClusterId!].Service);
                });
            entries.Add(new GatewayTableSnapshot.AppEntry(app.Vertical, app.App, [.. routeEntries], [.. services.Values]));
        }

        return Build(new GatewayTableSnapshot(version, entries), previous);
    }

    /// <summary>
    /// Builds the table from a snapshot, keeping the destinations of <paramref name="previous"/> that
    /// are still there (their counters, health and idle connections) and removing the others.
    /// </summary>
    /// <exception cref="ArgumentException">A route names a service the app does not list, or an address is not absolute.</exception>
    public static GatewayTable Build(GatewayTableSnapshot snapshot, GatewayTable previous)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var kept = previous.Destinations.ToDictionary(d => (d.Id, d.Address.ToString()));
        var used = new List<GatewayDestination>();
        var table = new Dictionary<string, GatewayRoute[]>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Apps)
        {
            var app = new AppRef(entry.Vertical, entry.App);
            var byService = new Dictionary<string, GatewayCluster>(StringComparer.Ordinal);
            foreach (var service in entry.Services)
            {
                var destinations = new List<GatewayDestination>();
                foreach (var config in service.Destinations)
                {
                    if (!Uri.TryCreate(config.Address, UriKind.Absolute, out var address))
                    {
                        throw new ArgumentException($"App {app}, service '{service.Service}': destination '{config.Id}' has no absolute address ('{config.Address}').", nameof(snapshot));
                    }

                    if (!kept.Remove((config.Id, address.ToString()), out var destination))
                    {
                        destination = new GatewayDestination(config.Id, address);
                    }

                    destinations.Add(destination);
                    used.Add(destination);
                }

                byService[service.Service] = new GatewayCluster(app, service.Service, [.. destinations]);
            }

            table[entry.Vertical + "/" + entry.App] = [.. entry.Routes
                .Select(r => byService.TryGetValue(r.Service, out var cluster)
                    ? new GatewayRoute(r.Prefix, Encoding.ASCII.GetBytes(r.FullPrefix), cluster)
                    : throw new ArgumentException($"App {app}: route '{r.FullPrefix}' goes to service '{r.Service}', which the app does not list.", nameof(snapshot)))
                .OrderByDescending(r => r.Prefix.Length)];
        }

        foreach (var gone in kept.Values)
        {
            gone.Remove();
        }

        return new GatewayTable(table.ToFrozenDictionary(StringComparer.Ordinal), used) { Snapshot = snapshot };
    }

    /// <summary>
    /// Finds the route of a request target <c>/apps/{vertical}/{app}{rest}</c> and the target the
    /// replica gets (<c>rest</c>, never empty). False when no app of the table matches exactly, byte for byte.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<byte> target, out GatewayRoute route, out ReadOnlySpan<byte> forwardedTarget)
    {
        route = null!;
        forwardedTarget = default;
        if (!target.StartsWith("/apps/"u8))
        {
            return false;
        }

        var rest = target[6..];
        var verticalEnd = rest.IndexOf((byte)'/');
        if (verticalEnd <= 0)
        {
            return false;
        }

        var afterVertical = rest[(verticalEnd + 1)..];
        var appEnd = afterVertical.IndexOfAny("/?"u8);
        var keyLength = verticalEnd + 1 + (appEnd < 0 ? afterVertical.Length : appEnd);
        if (keyLength > 128 || keyLength == verticalEnd + 1)
        {
            return false;
        }

        Span<char> key = stackalloc char[keyLength];
        if (Encoding.ASCII.GetChars(rest[..keyLength], key) != keyLength || !_lookup.TryGetValue(key, out var routes))
        {
            return false;
        }

        var underApp = rest[keyLength..];
        foreach (var candidate in routes)
        {
            if (StartsWithPrefix(underApp, candidate.Prefix, out var remainder))
            {
                route = candidate;
                forwardedTarget = remainder;
                return true;
            }
        }

        return false;
    }

    // "/api" matches "/api", "/api/…" and "/api?…" but not "/apix"; the root prefix "" matches everything.
    private static bool StartsWithPrefix(ReadOnlySpan<byte> path, string prefix, out ReadOnlySpan<byte> remainder)
    {
        remainder = default;
        if (path.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (path[i] != prefix[i])
            {
                return false;
            }
        }

        remainder = path[prefix.Length..];
        return remainder.IsEmpty || remainder[0] is (byte)'/' or (byte)'?';
    }
}
