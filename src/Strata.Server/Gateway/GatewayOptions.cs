namespace Strata.Server.Gateway;

/// <summary>How the gateway balances and retries; bound from <c>Strata:Gateway</c> and validated at start.</summary>
public sealed record GatewayOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Strata:Gateway";

    /// <summary>
    /// How a request picks a ready replica: <c>LeastRequests</c> (the default: fewest in flight, which is
    /// also what the runtime autoscales on), <c>RoundRobin</c>, <c>PowerOfTwoChoices</c> or <c>Random</c>.
    /// </summary>
    public string LoadBalancing { get; init; } = "LeastRequests";

    /// <summary>How many replicas an idempotent request without a body may be sent to when it cannot reach one.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long a replica that refused a connection gets no traffic before it is tried again.</summary>
    public TimeSpan ReactivationPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Relay plain HTTP/1.1 requests to replicas on the fast path (a connection middleware in front of
    /// Kestrel's HTTP); off sends every request through Kestrel and YARP. On by default.
    /// </summary>
    public bool FastPath { get; init; } = true;

    /// <summary>
    /// Run the continuations of socket reads and writes on the thread that completed the socket
    /// operation instead of queueing each to the thread pool (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>). A relayed request then costs two thread-pool hops
    /// instead of four. Socket completions still arrive on thread-pool threads (the runtime's
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> is left alone), so code that blocks
    /// holds one worker, as it would anyway, not the socket engine. On by default.
    /// </summary>
    public bool InlineScheduling { get; init; } = true;

    /// <summary>
    /// Where the public gateway port is served: <see cref="GatewayMode.Process"/> (the default: a child
    /// process of the host that runs only the fast path, with the socket engine's inline completions,
    /// and splices everything else to the host's internal loopback listener; it needs
    /// <c>Strata.Gateway.dll</c> beside the host or at <see cref="ProcessPath"/>) or
    /// <see cref="GatewayMode.InProcess"/> (the host's own listener, one process; slower under load,
    /// see docs/benchmarks.md).
    /// </summary>
    public GatewayMode Mode { get; init; } = GatewayMode.Process;

    /// <summary>
    /// The gateway process's program in mode <see cref="GatewayMode.Process"/>: <c>Strata.Gateway.dll</c>
    /// (run with the host's <c>dotnet</c>) or an executable. Empty: <c>Strata.Gateway.dll</c> beside the host's assemblies.
    /// </summary>
    public string? ProcessPath { get; init; }

    /// <summary>How long a request is held while a service without a ready replica is woken.</summary>
    public TimeSpan ActivationTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
