using System.Collections.Immutable;
using System.Net;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Apps;
using Strata.Runtime.Local.Limits;
using Strata.Runtime.Local.Logs;
using Strata.Runtime.Local.Networking;
using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Services;

/// <summary>
/// One service of an app: its stable load balancers (one per port name, kept across revisions) and
/// its replicas — those serving, those of a deploy still starting, those draining. It keeps the load
/// balancers pointed at the serving replicas that are ready. It also counts the service's traffic,
/// autoscales it within its bounds and wakes it from zero (see the other parts of this class).
/// </summary>
internal sealed partial class ServiceSupervisor : IAsyncDisposable
{
    private readonly LocalRuntimeContext _context;
    private readonly Action _changed;
    private readonly Action<AppLogLine> _log;
    private readonly IPAddress _address;
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, TcpLoadBalancer> _balancers = ImmutableDictionary<string, TcpLoadBalancer>.Empty;
    private ImmutableList<Replica> _serving = [];
    private ImmutableList<Replica> _starting = [];
    private ImmutableList<Replica> _draining = [];
    private ImmutableList<Task> _drains = [];
    private ReplicaTemplate? _template;
    private string? _primaryPort;
    private int _ordinal;

    /// <summary>Creates the supervisor of service <paramref name="name"/>; it runs nothing yet.</summary>
    public ServiceSupervisor(LocalRuntimeContext context, string name, Action changed, Action<AppLogLine> log)
    {
        _context = context;
        _changed = changed;
        _log = log;
        _address = IPAddress.Parse(context.Options.Host);
        Name = name;
        _requests = new TrafficMeter(context.Time);
        _connections = new TrafficMeter(context.Time);
        _autoscaling = Task.Run(() => AutoscaleLoopAsync(_disposing.Token));
    }

    /// <summary>The service name.</summary>
    public string Name { get; }

    /// <summary>How many replicas are wanted.</summary>
    public int Desired { get; private set; }

    /// <summary>The revision serving, when one is.</summary>
    public ReplicaTemplate? Serving => _template;

    /// <summary>The stable address of the service's first port.</summary>
    public Uri? Uri => _primaryPort is { } port ? UriOf(port) : null;

    /// <summary>The stable address of a port of the service, when it has that port.</summary>
    public Uri? UriOf(string portName) =>
        _balancers.TryGetValue(portName, out var balancer) ? new Uri($"http://{_context.Options.Host}:{balancer.Port}") : null;

    /// <summary>Gives every port of <paramref name="ports"/> a load balancer, keeping existing ones.</summary>
    public void EnsurePorts(IReadOnlyList<ServicePort> ports)
    {
        lock (_gate)
        {
            foreach (var port in ports)
            {
                if (!_balancers.ContainsKey(port.Name))
                {
                    _balancers = _balancers.Add(port.Name, new TcpLoadBalancer(_address, _context.Logger, this));
                }
            }

            _primaryPort ??= ports[0].Name;
        }
    }

    /// <summary>Starts <paramref name="count"/> replicas of a new revision; they get no traffic until promoted.</summary>
    public IReadOnlyList<Replica> StartCandidates(ReplicaTemplate template, int count)
    {
        var replicas = Enumerable.Range(0, count).Select(_ => NewReplica(template)).ToList();
        lock (_gate)
        {
            _starting = _starting.AddRange(replicas);
        }

        replicas.ForEach(r => r.Start());
        _changed();
        return replicas;
    }

    /// <summary>
    /// Makes <paramref name="replicas"/> (of <paramref name="template"/>) the serving ones: new connections
    /// go to them at once. Returns the replicas they replace, which the caller drains.
    /// </summary>
    public IReadOnlyList<Replica> Promote(ReplicaTemplate template, IReadOnlyList<Replica> replicas)
    {
        ImmutableList<Replica> replaced;
        lock (_gate)
        {
            replaced = _serving;
            _serving = [.. replicas];
            _starting = _starting.RemoveRange(replicas);
            _template = template;
            _primaryPort = template.Ports[0].Name;
            Desired = replicas.Count;
            ResetScaleDown();
        }

        // A new revision starts its idle time afresh: it must not be scaled to zero for the quiet
        // minutes before it was deployed.
        _requests.Touch();

        foreach (var replica in replicas)
        {
            replica.EnableHealing();
        }

        RefreshBackends();
        _changed();
        return replaced;
    }

    /// <summary>
    /// Takes <paramref name="replicas"/> out of traffic, waits until the gateway confirms it no longer
    /// routes to them (so no request reaches a replica after its SIGTERM), then stops them (drain, then kill).
    /// </summary>
    public async Task StopAsync(IReadOnlyList<Replica> replicas)
    {
        if (replicas.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _serving = _serving.RemoveRange(replicas);
            _starting = _starting.RemoveRange(replicas);
            _draining = _draining.AddRange(replicas);
        }

        var routed = replicas.Select(r => r.Status.Endpoint).OfType<Uri>().ToList();
        foreach (var replica in replicas)
        {
            replica.BeginDrain();
        }

        RefreshBackends();
        _changed();
        await Task.WhenAll(
            _context.Routers.WaitUntilUnroutedAsync(routed, _context.Options.DeregistrationTimeout, CancellationToken.None),
            WaitUntilNotAcceptingAsync(replicas)).ConfigureAwait(false);
        await Task.WhenAll(replicas.Select(r => r.StopAsync(_context.Options.DrainTimeout))).ConfigureAwait(false);
        lock (_gate)
        {
            _draining = _draining.RemoveRange(replicas);
        }

        _changed();
    }

    /// <summary>Closes the load balancers of ports the serving revision does not have (all when none serves).</summary>
    public async Task ReleaseUnusedPortsAsync()
    {
        List<TcpLoadBalancer> unused;
        lock (_gate)
        {
            var keep = _template?.Ports.Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            unused = [.. _balancers.Where(b => !keep.Contains(b.Key)).Select(b => b.Value)];
            _balancers = _balancers.RemoveRange(_balancers.Keys.Where(k => !keep.Contains(k)));
            _primaryPort = _template?.Ports[0].Name;
        }

        foreach (var balancer in unused)
        {
            await balancer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sets the number of serving replicas (kept within the autoscale bounds of an autoscaled service):
    /// new ones join traffic as they become ready (this waits up to <paramref name="readyTimeout"/> for
    /// that), the newest ones are drained first. Returns the count it set.
    /// </summary>
    public async Task<int> ScaleAsync(int replicas, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        List<Replica> added;
        IReadOnlyList<Replica> removed;
        lock (_gate)
        {
            var template = _template ?? throw new InvalidOperationException($"Service '{Name}' has no serving revision.");
            replicas = AutoscaleDecision.Clamp(template.Service.Autoscale, replicas);
            (added, removed) = ResizeLocked(template, replicas);
            ResetScaleDown();
        }

        _requests.Touch();
        StartAdded(added);
        await StopAsync(removed).ConfigureAwait(false);
        await Task.WhenAll(added.Select(r => r.WaitForFirstOutcomeAsync(readyTimeout, cancellationToken))).ConfigureAwait(false);
        return replicas;
    }

    /// <summary>A snapshot of the service; safe to call from any thread.</summary>
    public ServiceStatus Status()
    {
        var serving = _serving;
        var replicas = serving.Concat(_starting).Concat(_draining).Select(r => r.Status).ToList();
        // The address exists from the start of the first deploy (replicas' discovery keys name it),
        // but it is only reported once a revision serves behind it.
        var template = _template;
        var notes = template is null ? [] : LimitNotes.For(template.Service.Resources, _context.Cgroups, container: template.Launch.Container is not null)
            .Concat(serving.Select(r => r.LimitProblem).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        return new ServiceStatus(Name, Desired, serving.Count(r => r.IsReady), template is null ? null : Uri, replicas) { Notes = notes };
    }

    /// <summary>Stops every replica and closes the load balancers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposing.IsCancellationRequested)
        {
            await _disposing.CancelAsync().ConfigureAwait(false);
        }

        await _autoscaling.ConfigureAwait(false);
        lock (_gate)
        {
            _template = null;
        }

        await StopAsync([.. _serving, .. _starting]).ConfigureAwait(false);
        await Task.WhenAll(_drains).ConfigureAwait(false);
        _disposing.Dispose();

        await ReleaseUnusedPortsAsync().ConfigureAwait(false);
    }

    // Adds or removes serving replicas to reach the count; the caller holds the gate, then starts the
    // added ones and stops the removed ones outside it.
    private (List<Replica> Added, List<Replica> Removed) ResizeLocked(ReplicaTemplate template, int replicas)
    {
        Desired = replicas;
        List<Replica> added = [.. Enumerable.Range(0, Math.Max(0, replicas - _serving.Count)).Select(_ => NewReplica(template))];
        List<Replica> removed = [.. _serving.Skip(replicas).Reverse()];
        _serving = _serving.AddRange(added);
        return (added, removed);
    }

    private void StartAdded(List<Replica> added)
    {
        foreach (var replica in added)
        {
            // Replicas added by scaling are part of the serving set at once, so they heal from the start.
            replica.EnableHealing();
            replica.Start();
        }

        if (added.Count > 0)
        {
            _changed();
        }
    }

    // Drains without making the caller (the autoscaler) wait; DisposeAsync waits for what is left.
    private void StopInBackground(List<Replica> removed)
    {
        if (removed.Count == 0)
        {
            return;
        }

        var drain = StopAsync(removed);
        lock (_gate)
        {
            _drains = _drains.RemoveAll(t => t.IsCompleted).Add(drain);
        }
    }

    private Replica NewReplica(ReplicaTemplate template)
    {
        var replica = new Replica(_context, template, Interlocked.Increment(ref _ordinal), OnReplicaChanged, _log);
        if (replica.Link is { } link)
        {
            link.Traffic = this;
            link.Changed = RefreshBackends;
        }

        return replica;
    }

    // Replicas that accepted from the stable address's socket have been told to stop (RefreshBackends);
    // they are stopped once they have closed their copies, so none takes a connection it will not serve.
    private async Task WaitUntilNotAcceptingAsync(IReadOnlyList<Replica> replicas)
    {
        var timeout = _context.Options.DeregistrationTimeout;
        try
        {
            await Task.WhenAll(replicas.Select(r => r.Link?.WaitReleasedAsync() ?? Task.CompletedTask)).WaitAsync(timeout, _context.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _context.Logger.ListenerReleaseTimedOut(Name, timeout);
        }
    }

    private void OnReplicaChanged(Replica replica)
    {
        if (_serving.Contains(replica))
        {
            RefreshBackends();
        }

        _changed();
    }

    private void RefreshBackends()
    {
        // Under the lock so that two refreshes racing cannot leave the older picture in place.
        lock (_gate)
        {
            foreach (var (portName, balancer) in _balancers)
            {
                var ready = _serving.Where(r => r.IsReady && r.Ports.ContainsKey(portName)).ToList();
                balancer.SetBackends(ready.Select(r => r.Endpoint(portName)));
                if (portName == _primaryPort)
                {
                    // The stable address's socket is lent to the ready serving replicas that take it, and
                    // taken back from every other (unready, a candidate, draining).
                    foreach (var replica in _serving.Concat(_starting).Concat(_draining))
                    {
                        replica.Link?.Want(ready.Contains(replica) ? balancer.Listener : null);
                    }

                    balancer.SetReplicasAccept(ready.Any(r => r.Link?.Accepting == true));
                }
            }

            NoteColdStartEndLocked();
        }

        _readyChanged.Notify();
    }
}
