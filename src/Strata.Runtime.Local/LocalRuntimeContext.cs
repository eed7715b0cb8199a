using Microsoft.Extensions.Logging;
using Strata.Runtime.Local.Limits;

namespace Strata.Runtime.Local;

/// <summary>What every part of one runtime shares: settings, clock, logger, probe client and paths.</summary>
internal sealed record LocalRuntimeContext(
    LocalRuntimeOptions Options,
    TimeProvider Time,
    ILogger Logger,
    HttpClient ProbeClient,
    LocalPaths Paths)
{
    /// <summary>What the runtime may do with cgroups to enforce resource limits, probed once at start.</summary>
    public CgroupSupport Cgroups { get; init; } = CgroupSupport.None("not probed");

    /// <summary>Where the host's gateway answers, for apps that use other apps (<c>caas.uses</c>); none outside a host.</summary>
    public Core.Discovery.IGatewayAddress? GatewayAddress { get; init; }

    /// <summary>Where replicas that accept their service's connections themselves get its socket; none when off.</summary>
    public Networking.ListenerBroker? Listeners { get; init; }

    /// <summary>The gateways to wait for before a replica taken out of traffic is stopped.</summary>
    public Networking.ReplicaRouters Routers { get; } = new(Logger, Time);
}
