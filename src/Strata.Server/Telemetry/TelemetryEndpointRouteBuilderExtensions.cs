using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Server.Telemetry;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the host's Prometheus scrape endpoint.</summary>
public static class TelemetryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Prometheus scrape endpoint (text exposition format) at <see cref="TelemetryOptions.PrometheusPath"/>,
    /// or nothing when <see cref="TelemetryOptions.Prometheus"/> is off. The result takes the endpoint's
    /// conventions (e.g. an authorization policy) either way.
    /// </summary>
    /// <param name="endpoints">The host's endpoints, after <see cref="TelemetryServiceCollectionExtensions.AddStrataTelemetry"/>.</param>
    public static IEndpointConventionBuilder MapStrataMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<TelemetryOptions>();
        return options.Prometheus
            ? endpoints.MapPrometheusScrapingEndpoint(options.PrometheusPath)
            : new NoEndpoint();
    }

    /// <summary>Takes conventions for an endpoint that is not mapped.</summary>
    private sealed class NoEndpoint : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
        }
    }
}
