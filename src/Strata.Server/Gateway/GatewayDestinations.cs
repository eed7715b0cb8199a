using System.Globalization;
using Strata.Core.Runtime;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway;

/// <summary>Where a service's gateway cluster sends requests, worked out from what the runtime reports. Pure.</summary>
internal static class GatewayDestinations
{
    /// <summary>The id of the destination that stands for a whole service (its stable address).</summary>
    public const string ServiceDestinationId = "service";

    /// <summary>
    /// The destinations of one service. When the gateway balances itself (<paramref name="balanceReplicas"/>:
    /// the runtime runs its services on this machine) they are the ready replicas of the serving revision —
    /// or, while a promotion is under way and the status does not name the new revision yet, any ready
    /// replica — and none at all when nothing is ready, so the activator can wake the service. Otherwise,
    /// or before the runtime reports the service, the service's stable address stands for all of them.
    /// </summary>
    public static Dictionary<string, DestinationConfig> For(ServiceStatus? service, int? servingRevision, Uri? serviceUri, bool balanceReplicas)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
        if (balanceReplicas && service is not null)
        {
            AddReady(destinations, service, servingRevision);
            if (destinations.Count == 0)
            {
                AddReady(destinations, service, revision: null);
            }

            return destinations;
        }

        if ((serviceUri ?? service?.Uri) is { } uri)
        {
            destinations[ServiceDestinationId] = new DestinationConfig { Address = uri.ToString() };
        }

        return destinations;
    }

    private static void AddReady(Dictionary<string, DestinationConfig> destinations, ServiceStatus service, int? revision)
    {
        foreach (var replica in service.Replicas)
        {
            if (replica is { State: ReplicaState.Ready, Endpoint: { } endpoint } && (revision is null || replica.Revision == revision))
            {
                // A restarted replica keeps its id but is a new process: a new destination id means it does
                // not inherit the passive "unhealthy" mark its dead predecessor earned.
                var id = replica.Id + "@" + replica.StartedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                destinations[id] = new DestinationConfig { Address = endpoint.ToString() };
            }
        }
    }
}
