using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Apps;
using Strata.Runtime.Local.Limits;
using Strata.Runtime.Local.Processes;
using Strata.Runtime.Local.Volumes;
using Strata.Workloads;

namespace Strata.Runtime.Local;

/// <summary>
/// The embedded CaaS on one machine: each replica of a service is an OS process on its own loopback
/// port, behind a per-service TCP load balancer whose port stays the same for the life of the service.
/// Deploys roll: new replicas must be ready before traffic moves to them and the old ones drain.
/// </summary>
public sealed partial class LocalRuntime : ICaasRuntime, IServiceTraffic, IReplicaRouting, IVolumeFolders, IAsyncDisposable
{
    private readonly LocalRuntimeContext _context;
    private readonly ConcurrentDictionary<AppRef, AppHost> _apps = new();
    private readonly ConcurrentDictionary<AppRef, ChangeSignal> _signals = new();
    private readonly CancellationTokenSource _disposing = new();
    private int _disposed;

    /// <summary>
    /// Creates the runtime. Processes that a previous host using the same data directory left running
    /// (it crashed) are killed first, so they do not hold ports or run stale revisions.
    /// </summary>
    /// <param name="options">The runtime's settings.</param>
    /// <param name="loggerFactory">Where it logs.</param>
    /// <param name="time">Its clock; the system's when null.</param>
    /// <param name="gatewayAddress">
    /// Where the host's gateway answers: the apps a revision uses (<c>caas.uses</c>) are given as
    /// <c>&lt;gateway&gt;/apps/&lt;vertical&gt;/&lt;app&gt;</c>. Without it, a revision that uses apps is refused.
    /// </param>
    public LocalRuntime(LocalRuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null, Core.Discovery.IGatewayAddress? gatewayAddress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (LocalRuntimeOptionsValidation.Problems(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException("Invalid local runtime options: " + string.Join(" ", problems), nameof(options));
        }

        var logger = loggerFactory.CreateLogger<LocalRuntime>();
        var paths = new LocalPaths(options.DataDirectory);
        PidFiles.KillLeftovers(paths.PidDirectory, logger);
        if (options.Containers is { } containers)
        {
            ContainerLeftovers.Remove(containers, paths.ContainerOwner, logger);
        }

        // Probes must reach loopback directly, whatever proxy the host's environment names.
        var probeClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });
        var cgroups = CgroupSupport.Probe();
        logger.CgroupsProbed(cgroups.MemoryProblem ?? "enforced with cgroups", cgroups.CpuProblem ?? "enforced with cgroups");
        _context = new LocalRuntimeContext(options, time ?? TimeProvider.System, logger, probeClient, paths)
        {
            Cgroups = cgroups,
            GatewayAddress = gatewayAddress,
            Listeners = options.ShareListeners ? Networking.ListenerBroker.TryStart(paths.ListenerSocket, logger) : null,
        };
    }

    /// <inheritdoc />
    public string Name => "local";

    /// <inheritdoc />
    public IDisposable AddRouter(IReplicaRouter router) => _context.Routers.Add(router);

    /// <inheritdoc />
    public async Task<ApplyResult> ApplyAsync(AppRevision revision, WorkloadSet workloads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(workloads);
        var app = new AppRef(revision.Vertical, revision.App);
        return await WithAppAsync(app, create: true, (host, ct) => host.ApplyAsync(revision, workloads, ct), cancellationToken).ConfigureAwait(false)
            ?? ApplyResult.Failed("the runtime is shutting down");
    }

    /// <inheritdoc />
    public async Task DeleteAppAsync(AppRef app, CancellationToken cancellationToken)
    {
        await WithAppAsync<bool>(app, create: false, async (host, _) =>
        {
            await host.DisposeAsync().ConfigureAwait(false);
            _apps.TryRemove(new KeyValuePair<AppRef, AppHost>(app, host));
            _context.Logger.AppDeleted(app.ToString());
            return true;
        }, cancellationToken).ConfigureAwait(false);

        // Deleting an app deletes its data, as deleting its PersistentVolumeClaims does on a cluster.
        LocalVolumes.Delete(_context.Paths, app);
    }

    /// <inheritdoc />
    public string? GetVolumeFolder(AppRef app, string volume)
    {
        if (Core.Naming.StrataNames.CheckDnsLabel(app.Vertical) is not null
            || Core.Naming.StrataNames.CheckDnsLabel(app.App) is not null
            || Core.Naming.StrataNames.CheckDnsLabel(volume) is not null)
        {
            return null;
        }

        var folder = _context.Paths.Volume(app, volume);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <inheritdoc />
    public Task<AppRuntimeStatus> GetStatusAsync(AppRef app, CancellationToken cancellationToken) =>
        Task.FromResult(StatusOf(app));

    /// <inheritdoc />
    public async IAsyncEnumerable<AppRuntimeStatus> WatchAsync(AppRef app, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signal = _signals.GetOrAdd(app, _ => new ChangeSignal());
        while (true)
        {
            var next = signal.Next;
            yield return StatusOf(app);
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(AppRef app, LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!_apps.TryGetValue(app, out var host))
        {
            yield break;
        }

        var tail = Math.Max(0, query.Tail);
        if (!query.Follow)
        {
            foreach (var line in host.Logs.Tail(query.Workload, tail))
            {
                yield return line.Entry;
            }

            yield break;
        }

        var (lines, follow, subscription) = host.Logs.Follow(query.Workload, tail);
        using (subscription)
        {
            foreach (var line in lines)
            {
                yield return line.Entry;
            }

            await foreach (var line in follow.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (query.Workload is null || line.Workload == query.Workload)
                {
                    yield return line.Entry;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task ScaleAsync(AppRef app, string service, int replicas, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var scaled = await WithAppAsync<bool>(app, create: false, async (host, ct) =>
        {
            await host.ScaleAsync(service, replicas, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (!scaled)
        {
            throw new Core.StrataException($"App '{app}' does not run on the local runtime. Deploy it before scaling it.");
        }
    }

    /// <inheritdoc />
    public ValueTask<Uri?> GetServiceUriAsync(AppRef app, string service, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_apps.TryGetValue(app, out var host) ? host.ServiceUri(service) : null);

    /// <summary>Stops every replica of every app and closes every load balancer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Deploys in progress give up at once rather than holding shutdown for their ready timeout.
        await _disposing.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_apps.Values.Select(async host =>
        {
            await host.Lock.WaitAsync().ConfigureAwait(false);
            try
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                host.Lock.Release();
            }
        })).ConfigureAwait(false);
        _apps.Clear();
        if (_context.Listeners is { } listeners)
        {
            await listeners.DisposeAsync().ConfigureAwait(false);
        }

        _context.ProbeClient.Dispose();
        _disposing.Dispose();
    }

    // An app that shares a service of another (SharedService) reports that service in its status: its
    // watchers (the gateway) must hear of the other app's changes too.
    private void NotifySharers(AppRef app)
    {
        foreach (var host in _apps.Values)
        {
            if (host.Shares(app))
            {
                host.NotifyChanged();
            }
        }
    }

    private AppRuntimeStatus StatusOf(AppRef app) =>
        _apps.TryGetValue(app, out var host) ? host.Status() : AppRuntimeStatus.NotRunning(app);

    // Runs a change of one app while holding its lock; a host deleted while we waited is replaced.
    // Returns default when the app does not run and create is false.
    private async Task<T?> WithAppAsync<T>(AppRef app, bool create, Func<AppHost, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        while (true)
        {
            AppHost? host;
            if (create)
            {
                host = _apps.GetOrAdd(app, a => new AppHost(_context, a, _signals.GetOrAdd(a, _ => new ChangeSignal()))
                {
                    ForeignSupervisor = (other, service) => _apps.TryGetValue(other, out var owner) ? owner.OwnSupervisor(service) : null,
                    NotifySharers = NotifySharers,
                });
            }
            else if (!_apps.TryGetValue(app, out host))
            {
                return default;
            }

            await host.Lock.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                if (!host.Deleted)
                {
                    return await change(host, linked.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                host.Lock.Release();
            }
        }
    }
}
