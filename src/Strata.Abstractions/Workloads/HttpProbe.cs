namespace Strata.Workloads;

/// <summary>An HTTP GET probe: a 2xx or 3xx answer within <see cref="TimeoutSeconds"/> passes.</summary>
/// <param name="Path">The request path, e.g. <c>/healthz</c>.</param>
public sealed record HttpProbe(string Path)
{
    /// <summary>The name of the port to probe.</summary>
    public string Port { get; init; } = "http";

    /// <summary>Seconds to wait after start before the first probe.</summary>
    public int InitialDelaySeconds { get; init; }

    /// <summary>Seconds between probes.</summary>
    public int PeriodSeconds { get; init; } = 5;

    /// <summary>Seconds a probe may take.</summary>
    public int TimeoutSeconds { get; init; } = 2;

    /// <summary>Consecutive failures that make a replica unready (readiness) or restart it (liveness).</summary>
    public int FailureThreshold { get; init; } = 3;
}
