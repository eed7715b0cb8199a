using System.Collections.Immutable;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Services;
using Strata.Runtime.Local.Sharing;
using Strata.Workloads;

namespace Strata.Runtime.Local.Apps;

/// <summary>
/// Services of other apps of the vertical that this app uses under names of its own (<see cref="SharedService"/>):
/// lookups, activation, schedules and status resolve them to the other app's supervisor, and the app's
/// contributions are linked into that service's contributions folder while its revision serves.
/// </summary>
internal sealed partial class AppHost
{
    private volatile ImmutableList<SharedService> _shared = [];

    /// <summary>Finds a service of another app; set by the runtime.</summary>
    public Func<AppRef, string, ServiceSupervisor?> ForeignSupervisor { get; init; } = (_, _) => null;

    /// <summary>Tells the apps that share this app's services that something changed; set by the runtime.</summary>
    public Action<AppRef> NotifySharers { get; init; } = _ => { };

    /// <summary>True when this app uses a service of <paramref name="app"/>.</summary>
    public bool Shares(AppRef app) => !_shared.IsEmpty && _shared.Any(s => s.App == app.App) && app.Vertical == App.Vertical;

    /// <summary>Wakes this app's watchers: a service it shares changed.</summary>
    public void NotifyChanged() => _signal.Notify();

    private ContributionFolders Contributions => new(_context.Options.DataDirectory);

    private ServiceSupervisor? SharedSupervisor(string name) =>
        _shared.FirstOrDefault(s => s.Name == name) is { } shared ? ForeignSupervisor(new AppRef(App.Vertical, shared.App), shared.Service) : null;

    private IEnumerable<ServiceStatus> SharedStatuses() =>
        _shared.Select(s => ForeignSupervisor(new AppRef(App.Vertical, s.App), s.Service)?.Status() is { } status ? status with { Name = s.Name } : null)
            .OfType<ServiceStatus>();

    private void Changed()
    {
        _signal.Notify();
        NotifySharers(App);
    }

    // Every replica learns where other apps' contributions to its service appear.
    private ServiceWorkload WithContributionsFolder(ServiceWorkload service)
    {
        var folder = Contributions.Of(App, service.Name);
        Directory.CreateDirectory(folder);
        return service with { Env = new Dictionary<string, string>(service.Env) { [ContributionFolders.Variable] = folder } };
    }

    // The other app need not run yet: a host restoring its apps starts them in name order, and a sharer
    // must not fail for coming first. It is resolved at each use; until then it has no replica.
    private string? CheckShared(AppRevision revision, WorkloadSet workloads)
    {
        foreach (var shared in workloads.SharedServices)
        {
            if (shared.Contribution is not null && revision.Artifacts.GetValueOrDefault(Artifact.DefaultName)?.Directory is null)
            {
                return $"Shared service '{shared.Name}': the contribution '{shared.Contribution}' needs a folder artifact, and revision {revision.Number} has none.";
            }
        }

        return null;
    }

    // Called once the revision serves: links its contributions and removes those it no longer makes.
    private void ShareServices(AppRevision revision, WorkloadSet workloads)
    {
        var previous = _shared;
        _shared = [.. workloads.SharedServices];
        foreach (var shared in workloads.SharedServices.Where(s => s.Contribution is not null))
        {
            var source = Path.GetFullPath(Path.Combine(revision.Artifacts[Artifact.DefaultName].Directory!, shared.Contribution!));
            Contributions.Link(new AppRef(App.Vertical, shared.App), shared.Service, App.App, source);
        }

        foreach (var gone in previous.Where(p => p.Contribution is not null && !workloads.SharedServices.Any(s => s.App == p.App && s.Service == p.Service && s.Contribution is not null)))
        {
            Contributions.Unlink(new AppRef(App.Vertical, gone.App), gone.Service, App.App);
        }
    }

    /// <summary>What the apply result says about shared services whose app does not run (yet).</summary>
    private string WaitingNote(WorkloadSet workloads)
    {
        var waiting = workloads.SharedServices
            .Where(s => ForeignSupervisor(new AppRef(App.Vertical, s.App), s.Service) is not { Serving: not null })
            .Select(s => $"shared service '{s.Name}' waits for app {App.Vertical}/{s.App}, which runs no service '{s.Service}' yet: deploy it")
            .ToList();
        return waiting.Count == 0 ? "" : "; " + string.Join("; ", waiting);
    }

    private void StopSharing()
    {
        foreach (var shared in _shared.Where(s => s.Contribution is not null))
        {
            Contributions.Unlink(new AppRef(App.Vertical, shared.App), shared.Service, App.App);
        }

        _shared = [];
    }
}
