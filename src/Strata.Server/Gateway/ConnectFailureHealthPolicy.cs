using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Strata.Server.Gateway;

/// <summary>
/// Passive health: a replica that refuses a connection is dead or stopping, so it gets no traffic
/// from the first refusal on (YARP's TransportFailureRate waits for a failure rate over many requests)
/// until the reactivation period has passed — by then the runtime's watch has usually replaced it.
/// </summary>
internal sealed class ConnectFailureHealthPolicy(IDestinationHealthUpdater health, ILogger<ConnectFailureHealthPolicy> logger) : IPassiveHealthCheckPolicy
{
    /// <summary>The name clusters name the policy by.</summary>
    public const string PolicyName = "StrataConnectFailure";

    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: var error } && IsConnectFailure(error))
        {
            var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation;
            GatewayLog.DestinationRefused(logger, destination.DestinationId, cluster.ClusterId, period);
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
        }
    }

    /// <summary>True when the request never reached a listening process.</summary>
    public static bool IsConnectFailure(Exception? error) => error switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => true,
        _ => false,
    };
}
