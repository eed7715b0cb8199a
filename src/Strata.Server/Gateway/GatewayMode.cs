namespace Strata.Server.Gateway;

/// <summary>Where the gateway's public port is served (<c>Strata:Gateway:Mode</c>).</summary>
public enum GatewayMode
{
    /// <summary>In the host: the fast path and YARP share the host's process and its listener. One process fewer, about 10–15 % less throughput (docs/benchmarks.md).</summary>
    InProcess,

    /// <summary>
    /// In a child process of the host that runs only the fast path (with the socket engine's inline
    /// completions, which must not run where plugin code runs) and splices every other connection to
    /// the host's internal loopback listener. The default.
    /// </summary>
    Process,
}
