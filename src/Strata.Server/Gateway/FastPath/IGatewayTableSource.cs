namespace Strata.Server.Gateway.FastPath;

/// <summary>Where the fast path reads what it routes: the host's routes, or the stream of them in the gateway process.</summary>
internal interface IGatewayTableSource
{
    /// <summary>The table of the moment.</summary>
    GatewayTable Table { get; }
}
