namespace Strata.Server.Telemetry;

/// <summary>
/// What the host measures and where it sends it; bound from <c>Strata:Telemetry</c>. The OTLP exporter
/// takes its settings from the standard <c>OTEL_EXPORTER_OTLP_*</c> variables and is on only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed record TelemetryOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Strata:Telemetry";

    /// <summary>Serve the metrics in Prometheus text format (see <see cref="PrometheusPath"/>). On by default.</summary>
    public bool Prometheus { get; init; } = true;

    /// <summary>Where the Prometheus scrape endpoint is mapped: <c>/metrics</c> by default.</summary>
    public string PrometheusPath { get; init; } = "/metrics";

    /// <summary>
    /// Record the duration of every request the gateway relays (the histogram
    /// <c>strata.gateway.request.duration</c>, by vertical, app, status class and path). On by default;
    /// off, the gateway still counts its requests (<c>strata.gateway.requests</c>, an interlocked
    /// increment per request) but takes no timestamp and records no histogram, which is most of what
    /// telemetry costs the gateway (see docs/benchmarks.md).
    /// </summary>
    public bool GatewayDurations { get; init; } = true;

    /// <summary>
    /// Record traces. Unset: on when an OTLP endpoint is configured (nobody would read them otherwise,
    /// and a recorded span costs every API call).
    /// </summary>
    public bool? Traces { get; init; }

    /// <summary>
    /// Record a span per request the gateway's YARP path forwards (<c>/apps/**</c>). Off by default: the
    /// gateway's requests are counted and timed by the <c>strata.gateway.*</c> metrics instead. The fast
    /// path never records spans.
    /// </summary>
    public bool TraceGatewayRequests { get; init; }
}
