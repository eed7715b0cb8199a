using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Strata.Core;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Logs;
using Strata.Runtime.Local.Services;

namespace Strata.Runtime.Local.Apps;

/// <summary>
/// Everything the runtime runs for one app: a supervisor per service, the revision serving and the
/// app's log buffer. Changes (apply, scale, delete) are made by one caller at a time, who holds
/// <see cref="Lock"/>; status reads take snapshots and never wait.
/// </summary>
internal sealed partial class AppHost : IAsyncDisposable
{
    private readonly LocalRuntimeContext _context;
    private readonly ChangeSignal _signal;
    private volatile ImmutableSortedDictionary<string, ServiceSupervisor> _services =
        ImmutableSortedDictionary.Create<string, ServiceSupervisor>(StringComparer.Ordinal);
    private volatile StrongBox<int>? _revision;

    /// <summary>Creates the host of <paramref name="app"/>; it runs nothing yet.</summary>
    public AppHost(LocalRuntimeContext context, AppRef app, ChangeSignal signal)
    {
        _context = context;
        _signal = signal;
        App = app;
        Logs = new AppLogBuffer(context.Options.LogLinesPerApp);
    }

    /// <summary>The app.</summary>
    public AppRef App { get; }

    /// <summary>Held by whoever changes the app.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>The app's newest log lines.</summary>
    public AppLogBuffer Logs { get; }

    /// <summary>True once the app was deleted: a caller that waited for <see cref="Lock"/> must use a new host.</summary>
    public bool Deleted { get; private set; }

    /// <summary>The stable address of a service, once a revision of it serves.</summary>
    public Uri? ServiceUri(string service) =>
        (_services.TryGetValue(service, out var supervisor) ? supervisor : SharedSupervisor(service)) is { Serving: not null } serving ? serving.Uri : null;

    /// <summary>The supervisor of a service, whether or not a revision serves it yet; null when there is none.</summary>
    public ServiceSupervisor? Supervisor(string service) =>
        _services.TryGetValue(service, out var supervisor) ? supervisor : SharedSupervisor(service);

    /// <summary>The supervisor of one of the app's own services (not a shared one); null when there is none.</summary>
    public ServiceSupervisor? OwnSupervisor(string service) =>
        _services.TryGetValue(service, out var supervisor) ? supervisor : null;

    /// <summary>A snapshot of what runs.</summary>
    public AppRuntimeStatus Status()
    {
        var services = _services.Values.Select(s => s.Status()).Concat(SharedStatuses()).ToList();
        return _revision is null && services.Count == 0
            ? AppRuntimeStatus.NotRunning(App)
            : new AppRuntimeStatus(App, _revision?.Value, services, JobStatuses()) { Schedules = ScheduleStatuses() };
    }

    /// <summary>Sets the replica count of a service of the serving revision. The caller holds <see cref="Lock"/>.</summary>
    public async Task ScaleAsync(string service, int replicas, CancellationToken cancellationToken)
    {
        if (!_services.TryGetValue(service, out var supervisor) || supervisor.Serving is null)
        {
            var known = _services.IsEmpty ? "none" : string.Join(", ", _services.Keys);
            throw new StrataException($"App '{App}' has no running service '{service}' (its services: {known}). Deploy the app first, or check the service name.");
        }

        // An autoscaled service keeps within its bounds: the count set may differ from the one asked for.
        var scaled = await supervisor.ScaleAsync(replicas, _context.Options.ReadyTimeout, cancellationToken).ConfigureAwait(false);
        _context.Logger.ServiceScaled(App.ToString(), service, scaled);
    }

    /// <summary>Stops everything of the app and ends its log follows. The caller holds <see cref="Lock"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Deleted = true;
        var services = _services.Values;
        _services = _services.Clear();
        _revision = null;
        StopSharing();
        await Task.WhenAll(services.Select(s => s.DisposeAsync().AsTask()).Append(StopJobsAsync()).Append(StopSchedulesAsync())).ConfigureAwait(false);
        Logs.Complete();
        _signal.Notify();
    }

    private ServiceSupervisor NewSupervisor(string name) =>
        new(_context, name, Changed, Logs.Append);
}
