using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Workloads;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway;

/// <summary>
/// The YARP routes and clusters of one app: each route is served under <c>/apps/{vertical}/{app}{prefix}</c>
/// (the prefix removed before forwarding); each routed service is one cluster. Pure.
/// </summary>
internal static class GatewayAppConfig
{
    /// <summary>The routes of <paramref name="app"/>, for the services that have an address or a status.</summary>
    public static IReadOnlyList<RouteConfig> Routes(AppRef app, WorkloadSet workloads)
    {
        var routes = new List<RouteConfig>(workloads.Routes.Count);
        foreach (var route in workloads.Routes)
        {
            var prefix = StrataNames.AppPath(app.Vertical, app.App) + route.PathPrefix.TrimEnd('/');
            routes.Add(new RouteConfig
            {
                RouteId = $"{app.Vertical}/{app.App}/{route.Name}",
                ClusterId = ClusterId(app, route.Service),
                Match = new RouteMatch { Path = prefix + "/{**rest}", Hosts = route.Host is null ? null : [route.Host] },
                // The replica learns the prefix it is served under (X-Forwarded-Prefix), as on the fast path.
                Transforms =
                [
                    new Dictionary<string, string> { ["PathRemovePrefix"] = prefix },
                    new Dictionary<string, string> { ["X-Forwarded"] = "Set", ["Prefix"] = "Off" },
                    new Dictionary<string, string> { ["RequestHeader"] = "X-Forwarded-Prefix", ["Set"] = prefix },
                ],
            });
        }

        return routes;
    }

    /// <summary>One cluster per routed service, its destinations taken from <paramref name="status"/>.</summary>
    public static IReadOnlyList<ClusterConfig> Clusters(
        AppRef app, WorkloadSet workloads, IReadOnlyDictionary<string, Uri> serviceUris, AppRuntimeStatus? status, GatewayOptions options, bool balanceReplicas)
    {
        var clusters = new List<ClusterConfig>();
        foreach (var route in workloads.Routes)
        {
            var clusterId = ClusterId(app, route.Service);
            if (clusters.Exists(c => c.ClusterId == clusterId))
            {
                continue;
            }

            ServiceStatus? service = null;
            foreach (var candidate in status?.Services ?? [])
            {
                service = candidate.Name == route.Service ? candidate : service;
            }

            clusters.Add(new ClusterConfig
            {
                ClusterId = clusterId,
                LoadBalancingPolicy = options.LoadBalancing,
                HealthCheck = new HealthCheckConfig
                {
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = ConnectFailureHealthPolicy.PolicyName,
                        ReactivationPeriod = options.ReactivationPeriod,
                    },
                },
                Metadata = GatewayTarget.Metadata(app, route.Service),
                Destinations = GatewayDestinations.For(service, status?.Revision, serviceUris.GetValueOrDefault(route.Service), balanceReplicas),
            });
        }

        return clusters;
    }

    private static string ClusterId(AppRef app, string service) => $"{app.Vertical}/{app.App}/{service}";
}
