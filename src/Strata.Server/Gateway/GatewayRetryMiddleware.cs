using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Strata.Server.Gateway;

/// <summary>
/// Sends an idempotent request without a body again, to another replica, when it could not be
/// delivered or got no response headers (a replica killed or stopping) and nothing of the response
/// has reached the client. Runs before load balancing, so each attempt picks a replica afresh from
/// those not tried yet. A request that succeeds costs one feature lookup.
/// </summary>
internal sealed class GatewayRetryMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<GatewayRetryMiddleware> logger)
{
    private readonly int _maxAttempts = options.Value.MaxAttempts;

    public async Task InvokeAsync(HttpContext context)
    {
        List<DestinationState>? tried = null;
        for (var attempt = 1; ; attempt++)
        {
            await next(context).ConfigureAwait(false);
            if (context.Features.Get<IForwarderErrorFeature>() is not { } error
                || attempt >= _maxAttempts
                || !CanRetry(context, error))
            {
                return;
            }

            var proxy = context.GetReverseProxyFeature();
            if (proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            tried ??= new List<DestinationState>(_maxAttempts);
            tried.Add(failed);
            var remaining = Untried(context.GetRouteModel().Cluster!.DestinationsState.AvailableDestinations, tried);
            if (remaining.Count == 0)
            {
                return;
            }

            GatewayLog.Retrying(logger, context.Request.Method, context.Request.Path, proxy.Cluster.Config.ClusterId, attempt + 1, error.Exception?.Message ?? error.Error.ToString());
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Features.Set<IForwarderErrorFeature>(null);
            proxy.ProxiedDestination = null;
            proxy.AvailableDestinations = remaining;
        }
    }

    /// <summary>Whether sending the request again is safe and could help.</summary>
    internal static bool CanRetry(HttpContext context, IForwarderErrorFeature error)
    {
        var request = context.Request;
        return error.Error == ForwarderError.Request
            && !context.Response.HasStarted
            && !context.RequestAborted.IsCancellationRequested
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsTrace(request.Method))

            // A body may have been read (partly) by the first attempt and cannot be sent again.
            && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;
    }

    private static List<DestinationState> Untried(IReadOnlyList<DestinationState> available, List<DestinationState> tried)
    {
        var remaining = new List<DestinationState>(available.Count);
        foreach (var destination in available)
        {
            if (!tried.Contains(destination))
            {
                remaining.Add(destination);
            }
        }

        return remaining;
    }
}
