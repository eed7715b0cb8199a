using Strata.Core.Runtime;

namespace Strata.Server.Gateway.FastPath;

/// <summary>Where the fast path reports a request in flight: the runtime in the host, counters reported to the host in the gateway process.</summary>
internal interface IGatewayTraffic
{
    /// <summary>Counts a request to <paramref name="service"/> of <paramref name="app"/> in flight until the result is disposed; null when nobody counts.</summary>
    IDisposable? BeginRequest(AppRef app, string service);
}
