using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Core.Runtime;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;
using Strata.Workloads;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway;

/// <summary>
/// Keeps the gateway's (YARP's) routes and clusters in step with what runs. Each deployed app has one
/// background loop watching the runtime, so that a cluster's destinations are the service's ready
/// replicas of the moment: a crashed replica leaves at once, its replacement joins once ready.
/// As the runtime's <see cref="IReplicaRouter"/>, it confirms that a replica taken out of traffic is out of
/// its tables (and those of the gateway process) before the runtime stops it.
/// </summary>
internal sealed class GatewayRoutes : IGatewayTableSource, IReplicaRouter, IAsyncDisposable
{
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(1);
    private readonly InMemoryConfigProvider _proxyConfig;
    private readonly ICaasRuntime _runtime;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly bool _balanceReplicas;
    private readonly GatewayTableFollowers _followers;
    private readonly IDisposable? _routing;
    private readonly Lock _gate = new();
    private readonly Dictionary<AppRef, AppWatch> _watches = [];
    private Dictionary<AppRef, AppGateway> _apps = [];
    private GatewayTable _table = GatewayTable.Empty;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private bool _disposed;

    public GatewayRoutes(InMemoryConfigProvider proxyConfig, ICaasRuntime runtime, IOptions<GatewayOptions> options, ILogger<GatewayRoutes> logger, GatewayTableFollowers followers)
    {
        _proxyConfig = proxyConfig;
        _runtime = runtime;
        _options = options.Value;
        _logger = logger;
        _followers = followers;

        // Only a runtime whose services run beside the host (it takes the gateway's traffic reports) has
        // replica endpoints the gateway can reach; elsewhere the CaaS balances behind the service address.
        _balanceReplicas = runtime is IServiceTraffic;
        _routing = (runtime as IReplicaRouting)?.AddRouter(this);
    }

    /// <summary>
    /// Sets the routes of one app from its workload set, the addresses of its services and, when known,
    /// what runs now (so the routes are right when this returns); starts watching the app.
    /// </summary>
    public void Set(AppRef app, WorkloadSet workloads, IReadOnlyDictionary<string, Uri> serviceUris, AppRuntimeStatus? status = null)
    {
        var routes = GatewayAppConfig.Routes(app, workloads);
        var clusters = GatewayAppConfig.Clusters(app, workloads, serviceUris, status, _options, _balanceReplicas);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _apps = new(_apps) { [app] = new AppGateway(workloads, serviceUris, routes, clusters) };
            Publish();
            if (!_watches.ContainsKey(app))
            {
                var stop = new CancellationTokenSource();
                _watches[app] = new AppWatch(stop, Task.Run(() => WatchAsync(app, stop.Token)));
            }
        }
    }

    /// <summary>Removes an app's routes and stops watching it.</summary>
    public void Remove(AppRef app)
    {
        AppWatch? watch;
        lock (_gate)
        {
            if (_watches.Remove(app, out watch))
            {
                watch.Stop.Cancel();
            }

            var next = new Dictionary<AppRef, AppGateway>(_apps);
            if (next.Remove(app))
            {
                _apps = next;
                Publish();
            }
        }

        watch?.Stop.Dispose();
    }

    /// <summary>What the fast path routes now (<see cref="GatewayConnectionHandler"/>): the same routes and ready replicas as YARP's.</summary>
    public GatewayTable Table => Volatile.Read(ref _table);

    /// <summary>
    /// The table of the moment and a task that completes at the next publish: what the gateway
    /// process's table stream waits on.
    /// </summary>
    public (GatewayTable Table, Task Next) Watch()
    {
        lock (_gate)
        {
            return (_table, _published.Task);
        }
    }

    /// <summary>
    /// The ready replicas of each routed service as the gateway balances over them (the metric
    /// <c>strata.replicas.ready</c>); empty on a runtime whose services balance behind one address.
    /// </summary>
    public IEnumerable<(AppRef App, string Service, int Ready)> ReadyReplicas()
    {
        if (!_balanceReplicas)
        {
            yield break;
        }

        foreach (var app in Volatile.Read(ref _apps).Values)
        {
            foreach (var cluster in app.Clusters)
            {
                if (GatewayTarget.TryRead(cluster, out var target, out var service))
                {
                    yield return (target, service, cluster.Destinations?.Count ?? 0);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task WaitUntilUnroutedAsync(IReadOnlyCollection<Uri> endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var addresses = endpoints.Select(e => e.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // The runtime's status stream brings the change here; each publish is a chance it has arrived.
        long version;
        while (true)
        {
            Task next;
            lock (_gate)
            {
                var routed = _apps.Values.Any(a => a.Clusters.Any(c => c.Destinations?.Values.Any(d => addresses.Contains(d.Address)) == true));
                if (!routed)
                {
                    version = _version;
                    break;
                }

                next = _published.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // YARP and the fast path read the new table at once; a gateway process reads it from its stream.
        await _followers.WaitForAsync(version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the app's status now and updates its destinations (the activator calls it after waking a service).</summary>
    public async Task RefreshAsync(AppRef app, CancellationToken cancellationToken) =>
        Apply(app, await _runtime.GetStatusAsync(app, cancellationToken).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        // Without its watches this stops learning of changes: the runtime must not wait for it any more.
        _routing?.Dispose();
        List<AppWatch> watches;
        lock (_gate)
        {
            _disposed = true;
            watches = [.. _watches.Values];
            _watches.Clear();
        }

        foreach (var watch in watches)
        {
            await watch.Stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(watches.Select(w => w.Loop)).ConfigureAwait(false);
        watches.ForEach(w => w.Stop.Dispose());
    }

    private async Task WatchAsync(AppRef app, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var status in _runtime.WatchAsync(app, cancellationToken).ConfigureAwait(false))
                {
                    Apply(app, status);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A watch that broke must not leave the app routed to replicas that are gone: log, watch again.
                GatewayLog.WatchFailed(_logger, app.ToString(), ex.Message);
                try
                {
                    await Task.Delay(WatchRetryDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Apply(AppRef app, AppRuntimeStatus status)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(app, out var current))
            {
                return;
            }

            var clusters = GatewayAppConfig.Clusters(app, current.Workloads, current.ServiceUris, status, _options, _balanceReplicas);
            if (clusters.SequenceEqual(current.Clusters))
            {
                return;
            }

            _apps = new(_apps) { [app] = current with { Clusters = clusters } };
            Publish();
            GatewayLog.DestinationsChanged(_logger, app.ToString(), string.Join("; ", clusters.Select(c => $"{c.ClusterId}: {c.Destinations?.Count ?? 0}")));
        }
    }

    // Under _gate, so that two publishes racing cannot leave the older picture in place.
    private void Publish()
    {
        _proxyConfig.Update(
            [.. _apps.Values.SelectMany(a => a.Routes)],
            [.. _apps.Values.SelectMany(a => a.Clusters)]);
        Volatile.Write(ref _table, GatewayTable.Build(
            _apps.Select(a => (a.Key, a.Value.Routes, a.Value.Clusters, a.Value.Workloads.Routes.Any(r => r.Host is not null))),
            _table,
            ++_version));
        var published = _published;
        _published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        published.TrySetResult();
    }

    private sealed record AppGateway(WorkloadSet Workloads, IReadOnlyDictionary<string, Uri> ServiceUris, IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters);

    private sealed record AppWatch(CancellationTokenSource Stop, Task Loop);
}
