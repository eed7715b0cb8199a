using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Workloads;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway;

/// <summary>
/// Keeps the gateway's (YARP's) routes in step with what runs: each route of each running app is
/// served under <c>/apps/{vertical}/{app}{prefix}</c> and forwarded to its service's stable address,
/// with that prefix removed.
/// </summary>
internal sealed class GatewayRoutes(InMemoryConfigProvider proxyConfig)
{
    private readonly Lock _gate = new();
    private Dictionary<AppRef, (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters)> _apps = [];

    /// <summary>Sets the routes of one app from its workload set and the addresses of its services.</summary>
    public void Set(AppRef app, WorkloadSet workloads, IReadOnlyDictionary<string, Uri> serviceUris)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var route in workloads.Routes)
        {
            if (!serviceUris.TryGetValue(route.Service, out var uri))
            {
                continue;
            }

            var clusterId = $"{app.Vertical}/{app.App}/{route.Service}";
            if (clusters.All(c => c.ClusterId != clusterId))
            {
                clusters.Add(new ClusterConfig
                {
                    ClusterId = clusterId,
                    Destinations = new Dictionary<string, DestinationConfig> { ["service"] = new() { Address = uri.ToString() } },
                });
            }

            var prefix = StrataNames.AppPath(app.Vertical, app.App) + route.PathPrefix.TrimEnd('/');
            routes.Add(new RouteConfig
            {
                RouteId = $"{app.Vertical}/{app.App}/{route.Name}",
                ClusterId = clusterId,
                Match = new RouteMatch { Path = prefix + "/{**rest}", Hosts = route.Host is null ? null : [route.Host] },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = prefix }],
            });
        }

        lock (_gate)
        {
            _apps = new(_apps) { [app] = (routes, clusters) };
            Publish();
        }
    }

    /// <summary>Removes an app's routes.</summary>
    public void Remove(AppRef app)
    {
        lock (_gate)
        {
            var next = new Dictionary<AppRef, (IReadOnlyList<RouteConfig>, IReadOnlyList<ClusterConfig>)>(_apps);
            if (next.Remove(app))
            {
                _apps = next;
                Publish();
            }
        }
    }

    private void Publish() => proxyConfig.Update(
        [.. _apps.Values.SelectMany(a => a.Routes)],
        [.. _apps.Values.SelectMany(a => a.Clusters)]);
}
