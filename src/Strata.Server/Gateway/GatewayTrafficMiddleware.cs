using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Core.Runtime;
using Strata.Server.Telemetry;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Strata.Server.Gateway;

/// <summary>
/// The gateway's side of <see cref="IServiceTraffic"/>: every forwarded request is reported in flight
/// (the runtime autoscales on it), and a request to a service without a ready replica is held while the
/// runtime wakes the service (the activator), then forwarded — or answered 503 naming the app and service.
/// While someone collects the gateway's metrics it counts and times each request, and each cold start.
/// </summary>
internal sealed class GatewayTrafficMiddleware(
    RequestDelegate next,
    ICaasRuntime runtime,
    GatewayRoutes routes,
    IProxyStateLookup proxyState,
    IOptions<GatewayOptions> options,
    GatewayMetrics metrics,
    ILogger<GatewayTrafficMiddleware> logger)
{
    private static readonly TimeSpan DestinationPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DestinationWait = TimeSpan.FromSeconds(5);
    private readonly IServiceTraffic? _traffic = runtime as IServiceTraffic;
    private readonly TimeSpan _activationTimeout = options.Value.ActivationTimeout;

    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (metrics.Enabled && GatewayTarget.TryRead(proxy.Cluster.Config, out var measured, out var measuredService))
        {
            return MeasureAsync(context, proxy, measured, measuredService);
        }

        return _traffic is not null && GatewayTarget.TryRead(proxy.Cluster.Config, out var app, out var service)
            ? ForwardAsync(context, proxy, _traffic, app, service)
            : next(context);
    }

    private async Task MeasureAsync(HttpContext context, IReverseProxyFeature proxy, AppRef app, string service)
    {
        var started = metrics.Timing ? Stopwatch.GetTimestamp() : 0;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await (_traffic is not null ? ForwardAsync(context, proxy, _traffic, app, service) : next(context)).ConfigureAwait(false);
            status = context.Response.StatusCode;
        }
        finally
        {
            metrics.Request(app, GatewayMetrics.YarpPath, status, started);
        }
    }

    private async Task ForwardAsync(HttpContext context, IReverseProxyFeature proxy, IServiceTraffic traffic, AppRef app, string service)
    {
        using var inFlight = traffic.BeginRequest(app, service);
        if (proxy.AvailableDestinations.Count == 0 && !await ActivateAsync(context, proxy, traffic, app, service).ConfigureAwait(false))
        {
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    // The cold path: only a request that finds no ready replica gets here.
    private async Task<bool> ActivateAsync(HttpContext context, IReverseProxyFeature proxy, IServiceTraffic traffic, AppRef app, string service)
    {
        GatewayLog.Activating(logger, app.ToString(), service);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(_activationTimeout);
        string reason;
        try
        {
            if (await traffic.ActivateAsync(app, service, timeout.Token).ConfigureAwait(false))
            {
                // The watch would bring the woken replicas too, but this request should not wait for it.
                await routes.RefreshAsync(app, timeout.Token).ConfigureAwait(false);
                if (await WaitForDestinationsAsync(proxy.Cluster.Config.ClusterId, timeout.Token).ConfigureAwait(false) is { Count: > 0 } destinations)
                {
                    proxy.AvailableDestinations = destinations;
                    metrics.ColdStart(app, service, "ready", Stopwatch.GetElapsedTime(started));
                    return true;
                }

                reason = "the runtime reported it ready, but no ready replica reached the gateway";
            }
            else
            {
                reason = "the runtime could not start a ready replica";
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            metrics.ColdStart(app, service, "abandoned", Stopwatch.GetElapsedTime(started));
            return false;
        }
        catch (OperationCanceledException)
        {
            reason = $"no replica became ready within {_activationTimeout.TotalSeconds:0.#} s";
        }

        GatewayLog.ActivationFailed(logger, app.ToString(), service, reason);
        metrics.ColdStart(app, service, "failed", Stopwatch.GetElapsedTime(started));
        await Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Service unavailable",
            detail: $"App '{app.App}' (vertical '{app.Vertical}'): service '{service}' has no ready replica and activating it failed: {reason}. See GET /api/apps/{app.App}/status and /logs.")
            .ExecuteAsync(context).ConfigureAwait(false);
        return false;
    }

    private async Task<IReadOnlyList<DestinationState>?> WaitForDestinationsAsync(string clusterId, CancellationToken cancellationToken)
    {
        // YARP applies a published configuration asynchronously; give it a moment.
        var deadline = DateTime.UtcNow + DestinationWait;
        while (true)
        {
            if (proxyState.TryGetCluster(clusterId, out var cluster) && cluster.DestinationsState.AvailableDestinations is { Count: > 0 } available)
            {
                return available;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(DestinationPoll, cancellationToken).ConfigureAwait(false);
        }
    }
}
