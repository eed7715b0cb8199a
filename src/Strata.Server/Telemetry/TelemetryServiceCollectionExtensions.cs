using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Strata.Core.Building;
using Strata.Server.Gateway;
using Strata.Server.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the host's OpenTelemetry metrics and traces.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The variable that turns the OTLP exporter on (the OpenTelemetry SDK reads the other <c>OTEL_*</c> ones).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds the host's instruments and OpenTelemetry: metrics of every <c>Strata.*</c> meter (the host's,
    /// and the plugins' in the host process), ASP.NET Core, Kestrel, HttpClient and the .NET runtime,
    /// for the Prometheus scrape endpoint (<see cref="TelemetryOptions.Prometheus"/>) and OTLP; traces of
    /// API calls, deploys, build steps and rollouts when <see cref="TelemetryOptions.Traces"/> (or an
    /// OTLP endpoint) says so.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration, complete: <c>Strata:Telemetry</c> and the <c>OTEL_*</c> variables are read now.</param>
    public static IServiceCollection AddStrataTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Prometheus && (string.IsNullOrEmpty(options.PrometheusPath) || options.PrometheusPath[0] != '/' || options.PrometheusPath.StartsWith(GatewayPaths.Apps.Value!, StringComparison.OrdinalIgnoreCase)))
        {
            throw new Strata.Core.StrataException(
                $"Strata:Telemetry:PrometheusPath must be a path starting with '/' outside the gateway's /apps, such as /metrics; it is '{options.PrometheusPath}'.",
                "Strata:Telemetry:PrometheusPath");
        }

        services.AddSingleton(options);
        services.TryAddSingleton<HostMetrics>();
        services.TryAddSingleton<GatewayMetrics>();

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var traces = options.Traces ?? otlp;
        if (!options.Prometheus && !otlp && !traces)
        {
            // Nobody would read a measurement: no provider listens, so every instrument stays disabled and free.
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "strata-host", serviceVersion: typeof(TelemetryOptions).Assembly.GetName().Version?.ToString()));
        if (options.Prometheus || otlp)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(StrataTelemetry.AllStrata)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    // Every scrape collects afresh: a cached answer would show a request sent just before as missing.
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (traces)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .AddSource(StrataTelemetry.HostName, BuildTelemetry.SourceName, StrataTelemetry.AllStrata)
                    .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => Traced(context, options))
                    // Calls made inside a traced operation only. Loops a rollout starts (readiness probes) keep its
                    // span as their parent long after it ended: their calls are not traced either.
                    .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent is { IsStopped: false });
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        return services;
    }

    private static bool Traced(HttpContext context, TelemetryOptions options) =>
        !context.Request.Path.StartsWithSegments(options.PrometheusPath)
        && (options.TraceGatewayRequests || !context.Request.Path.StartsWithSegments(GatewayPaths.Apps));
}
