using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Strata.Server.Auth;
using Strata.Core.Plugins;

namespace Strata.Server.Verticals;

/// <summary>
/// Publishes every loaded vertical's API at <c>/v/{vertical}</c> and swaps it when a vertical is loaded,
/// replaced or removed, without a restart: an immutable endpoint array plus a change token that
/// routing watches. Each endpoint runs inside its vertical's own service scope, counts as work in
/// flight (so an unload waits for it), and turns a plugin's exception into a ProblemDetails 500.
/// </summary>
internal sealed partial class VerticalEndpointDataSource : EndpointDataSource
{
    private readonly VerticalCatalog _catalog;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, Endpoint[]> _byVertical = new(StringComparer.Ordinal);
    private Endpoint[] _endpoints = [];
    private CancellationTokenSource _changed = new();

    public VerticalEndpointDataSource(VerticalCatalog catalog, ILoggerFactory loggerFactory)
    {
        _catalog = catalog;
        _logger = loggerFactory.CreateLogger("Strata.Verticals");
        _catalog.Changed += Refresh;
    }

    public override IReadOnlyList<Endpoint> Endpoints => Volatile.Read(ref _endpoints);

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    /// <summary>Rebuilds the endpoints of one vertical from the catalog.</summary>
    public void Refresh(string vertical)
    {
        Endpoint[] built = [];
        if (_catalog.TryGetLoaded(vertical, out var loaded))
        {
            try
            {
                built = Build(loaded);
            }
            catch (Exception ex)
            {
                // A plugin whose MapEndpoints throws keeps its other extension points; its API is absent.
                LogMapFailed(_logger, vertical, ex);
            }
        }

        CancellationTokenSource previous;
        lock (_gate)
        {
            var next = new Dictionary<string, Endpoint[]>(_byVertical, StringComparer.Ordinal);
            if (built.Length == 0)
            {
                next.Remove(vertical);
            }
            else
            {
                next[vertical] = built;
            }

            _byVertical = next;
            Volatile.Write(ref _endpoints, [.. next.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value)]);
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
    }

    private Endpoint[] Build(LoadedVertical vertical)
    {
        var builder = new PluginRouteBuilder(vertical.Services!);
        // A vertical's API answers tokens with <vertical>:read for GET and HEAD, <vertical>:write for the rest;
        // an endpoint the vertical marks AllowAnonymous() is open.
        var group = builder.MapGroup("/v/" + vertical.Name).WithTags(vertical.Name).RequireScope(null, ScopeTarget.Vertical, vertical.Name);
        foreach (var map in vertical.Registration.EndpointMaps)
        {
            map(group);
        }

        return [.. builder.DataSources.SelectMany(ds => ds.Endpoints).OfType<RouteEndpoint>().Select(e => Wrap(vertical, e))];
    }

    private RouteEndpoint Wrap(LoadedVertical vertical, RouteEndpoint endpoint)
    {
        var inner = endpoint.RequestDelegate!;
        var services = vertical.Services!;
        var name = vertical.Name;
        async Task Invoke(HttpContext context)
        {
            using var work = vertical.BeginWork();
            var hostServices = context.RequestServices;
            await using var scope = services.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            try
            {
                await inner(context).ConfigureAwait(false);
            }
            // A request the server refuses (body too large, malformed) is the client's 4xx, answered by the host's handler.
            catch (Exception ex) when (ex is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                LogRequestFailed(_logger, name, context.Request.Path, ex);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    await Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Vertical failed", detail: $"The '{name}' vertical failed to handle the request: {ex.GetType().Name}: {ex.Message}")
                        .ExecuteAsync(context).ConfigureAwait(false);
                }
            }
            finally
            {
                context.RequestServices = hostServices;
            }
        }

        return new RouteEndpoint(Invoke, endpoint.RoutePattern, endpoint.Order, endpoint.Metadata, endpoint.DisplayName);
    }

    [LoggerMessage(2001, LogLevel.Error, "Vertical {Vertical} failed to map its API")]
    private static partial void LogMapFailed(ILogger logger, string vertical, Exception exception);

    [LoggerMessage(2002, LogLevel.Error, "Vertical {Vertical} failed to handle {Path}")]
    private static partial void LogRequestFailed(ILogger logger, string vertical, PathString path, Exception exception);
}
