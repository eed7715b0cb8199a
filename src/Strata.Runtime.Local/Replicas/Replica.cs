using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Limits;
using Strata.Runtime.Local.Logs;
using Strata.Runtime.Local.Networking;
using Strata.Runtime.Local.Processes;

namespace Strata.Runtime.Local.Replicas;

/// <summary>
/// One replica of a service: its ports, its current process and its state
/// (<see cref="ReplicaState"/>: Starting → Ready ⇄ Unready; → Exited → Starting again when healing;
/// → Terminating when stopped; Failed when it cannot start at all). Its owner hears of every change.
/// </summary>
internal sealed partial class Replica : IAsyncDisposable
{

    private readonly LocalRuntimeContext _context;
    private readonly ReplicaTemplate _template;
    private readonly ReadinessProbe _probe;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Action<Replica> _changed;
    private readonly ProcessOutputLog _output;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<ReplicaOutcome> _firstOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _healing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly IPAddress _address;
    private readonly ReplicaCgroups? _cgroups;
    private ReplicaProcess? _process;
    private Task _run = Task.CompletedTask;
    private bool _stopping;
    private volatile bool _draining;
    private volatile ReplicaStatus _status;

    /// <summary>Creates a replica (not started) with its own free ports.</summary>
    public Replica(LocalRuntimeContext context, ReplicaTemplate template, int ordinal, Action<Replica> changed, Action<AppLogLine> log)
    {
        _context = context;
        _template = template;
        _changed = changed;
        _address = IPAddress.Parse(context.Options.Host);
        _probe = new ReadinessProbe(template.Service.Readiness, context.ProbeClient);
        Id = $"{template.App.App}-{template.Service.Name}-r{template.Revision.Number}-{ordinal}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 3)}";
        _output = new ProcessOutputLog(context, template.Service.Name, Id, context.Paths.LogFile(template.App, Id), null, log);
        Ports = template.Ports.ToDictionary(p => p.Name, _ => LoopbackPorts.FindFree(_address), StringComparer.Ordinal);
        // A container's limits are podman's (ContainerLaunch.LimitArguments): its processes are not the client's children.
        _cgroups = template.Launch.Container is null ? ReplicaCgroups.For(context.Cgroups, template.Service.Resources, Id) : null;
        var environment = ReplicaEnvironment.Build(template, context.Options.Host, Ports);
        // A container cannot reach the broker's Unix socket: it is served through the load balancer.
        // An app that does not call UseStrataServiceListener itself gets it through a startup hook where that is safe.
        if (template.Launch.Container is null && context.Listeners is { } listeners && !ServiceListenerInjection.OptedOut(environment))
        {
            Link = listeners.Expect();
            var offered = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var (key, value) in listeners.EnvironmentFor(Link).Concat(ServiceListenerInjection.For(template.Launch, environment)))
            {
                offered[key] = value;
            }

            environment = offered;
        }

        _environment = _cgroups?.RuntimeHints(environment) ?? environment;
        _status = new ReplicaStatus(Id, Revision, ReplicaState.Starting, EndpointUri(), null, 0, "starting", context.Time.GetUtcNow());
    }

    /// <summary>The runtime-unique replica id.</summary>
    public string Id { get; }

    /// <summary>The service it belongs to.</summary>
    public string Service => _template.Service.Name;

    /// <summary>The revision it runs.</summary>
    public int Revision => _template.Revision.Number;

    /// <summary>Its loopback port per service port name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>A snapshot of its state; safe to read from any thread.</summary>
    public ReplicaStatus Status => _status;

    /// <summary>Its link to the listener broker, through which it may accept its service's connections itself.</summary>
    public ReplicaLink? Link { get; }

    /// <summary>Why its resource limits could not be applied, when they could not.</summary>
    public string? LimitProblem { get; private set; }

    /// <summary>Whether it should get traffic.</summary>
    public bool IsReady => _status.State == ReplicaState.Ready;

    /// <summary>Where it listens for the service port <paramref name="portName"/>.</summary>
    public IPEndPoint Endpoint(string portName) => new(_address, Ports[portName]);

    /// <summary>Starts its first process.</summary>
    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>From now on an exited process is restarted (with back-off); until then it stays Exited.</summary>
    public void EnableHealing() => _healing.TrySetResult();

    /// <summary>Waits until its first process is ready, has ended, or <paramref name="timeout"/> passed.</summary>
    public async Task<ReplicaOutcome> WaitForFirstOutcomeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _context.Time, timer.Token);
        var finished = await Task.WhenAny(_firstOutcome.Task, delay).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return finished == _firstOutcome.Task
            ? await _firstOutcome.Task.ConfigureAwait(false)
            : new ReplicaOutcome(ReplicaOutcomeKind.Failed, string.Create(CultureInfo.InvariantCulture, $"not ready after {timeout.TotalSeconds:0.#}s") + (_lastProbeFailure is { } failure ? $" ({failure})" : ""));
    }

    /// <summary>Its newest output lines (at most 10), for failure messages.</summary>
    public IReadOnlyList<string> LastLines() => _output.LastLines();

    /// <summary>
    /// Takes it out of traffic ahead of <see cref="StopAsync"/>: from now on its status says Terminating
    /// ("draining") whatever its probes find, so the gateway drops it, and an exit is not healed. The
    /// process keeps serving what still reaches it.
    /// </summary>
    public void BeginDrain()
    {
        _draining = true;
        Update(s => s with { State = ReplicaState.Terminating, Message = "draining" });
    }

    /// <summary>
    /// Stops it for good: SIGTERM, up to <paramref name="drainTimeout"/> to finish what it is doing,
    /// then SIGKILL to it and its children.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        ReplicaProcess? process;
        lock (_gate)
        {
            if (_stopping)
            {
                process = null;
            }
            else
            {
                _stopping = true;
                process = _process;
            }
        }

        if (!_lifetime.IsCancellationRequested)
        {
            _context.Logger.ReplicaStopping(Id);
            Update(s => s with { State = ReplicaState.Terminating, Message = "stopping" });
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }

        if (process is not null)
        {
            process.Terminate();
            var drained = await Task.WhenAny(process.Exited, Task.Delay(drainTimeout, _context.Time)).ConfigureAwait(false);
            if (drained != process.Exited)
            {
                _context.Logger.ReplicaKilled(Id, drainTimeout);
                process.Kill();
            }
        }

        await _run.ConfigureAwait(false);
        _firstOutcome.TrySetResult(ReplicaOutcome.Stopped);
        _lifetime.Dispose();
        _output.Close();
        Link?.Dispose();

        _cgroups?.Delete();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(_context.Options.DrainTimeout).ConfigureAwait(false);

    private Uri EndpointUri() => new($"http://{_context.Options.Host}:{Ports[_template.Ports[0].Name]}");

    private void Update(Func<ReplicaStatus, ReplicaStatus> change)
    {
        lock (_gate)
        {
            var next = change(_status);
            _status = _draining && next.State is ReplicaState.Ready or ReplicaState.Unready or ReplicaState.Starting
                ? next with { State = ReplicaState.Terminating, Message = "draining" }
                : next;
        }

        _changed(this);
    }
}
