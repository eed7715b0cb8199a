using System.Text;
using Microsoft.Extensions.Logging;
using Strata.Core.Naming;
using Strata.Core.Runtime;
using Strata.Manifest;
using Strata.Runtime.Local.Jobs;
using Strata.Runtime.Local.Replicas;
using Strata.Runtime.Local.Schedules;
using Strata.Runtime.Local.Services;
using Strata.Runtime.Local.Volumes;
using Strata.Workloads;

namespace Strata.Runtime.Local.Apps;

/// <summary>The rollout from the serving revision to a new one.</summary>
internal sealed partial class AppHost
{
    /// <summary>
    /// Starts the new revision's replicas of every service, waits until all are ready, switches the
    /// load balancers to them and drains the old ones. When a new replica exits or is not ready in
    /// time the new ones are stopped and the old revision keeps serving. The caller holds <see cref="Lock"/>.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(AppRevision revision, WorkloadSet workloads, CancellationToken cancellationToken)
    {
        if (_revision?.Value == revision.Number)
        {
            return ApplyResult.Ok($"revision {revision.Number} is already serving");
        }

        if ((Validate(workloads) ?? CheckShared(revision, workloads)) is { } problem)
        {
            return ApplyResult.Failed(problem);
        }

        Func<UsedApp, Uri>? usedAppUri = null;
        if (revision.Manifest.Caas.Uses.Count > 0)
        {
            if (_context.GatewayAddress is not { } gateway)
            {
                return ApplyResult.Failed($"Revision {revision.Number} uses other apps (caas.uses: {string.Join(", ", revision.Manifest.Caas.Uses)}), but this runtime has no gateway address to give them by; run it inside a Strata host.");
            }

            // Through the gateway, as any client calls the app: balanced, woken from zero, a pool's function told apart by its prefix.
            var gatewayUri = await gateway.GetAsync(cancellationToken).ConfigureAwait(false);
            usedAppUri = used => new Uri(gatewayUri, StrataNames.AppPath(used.Vertical, used.App));
        }

        var created = new List<ServiceSupervisor>();
        var supervisors = new Dictionary<string, ServiceSupervisor>(StringComparer.Ordinal);
        foreach (var service in workloads.Services)
        {
            if (!_services.TryGetValue(service.Name, out var supervisor))
            {
                supervisor = NewSupervisor(service.Name);
                created.Add(supervisor);
                _services = _services.Add(service.Name, supervisor);
            }

            // Addresses first: every replica's discovery environment names every service of the set.
            supervisor.EnsurePorts(service.Ports.Count > 0 ? service.Ports : [ServicePort.Http]);
            supervisors[service.Name] = supervisor;
        }

        Uri ServiceUri(string service, string port) => supervisors[service].UriOf(port)!;
        var folders = LocalVolumes.Prepare(_context.Paths, App, workloads);
        var rollouts = workloads.Services.Select(service =>
        {
            var (launch, volumes) = LocalVolumes.Attach(
                LaunchCommand.From(service.Artifact, service.Args, _context.Options.Containers, _context.Paths.ContainerOwner, service.Resources)!, service.Volumes, folders);
            var template = new ReplicaTemplate(App, revision, workloads, WithContributionsFolder(service), launch, ServiceUri) { VolumeEnvironment = volumes, UsedAppUri = usedAppUri };
            var supervisor = supervisors[service.Name];
            return new Rollout(supervisor, template, supervisor.StartCandidates(template, AutoscaleDecision.Initial(service)));
        }).ToList();

        string? failure;
        try
        {
            failure = await WaitForReadyAsync(rollouts, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await AbandonAsync(rollouts, created).ConfigureAwait(false);
            throw;
        }

        if (failure is not null)
        {
            await AbandonAsync(rollouts, created).ConfigureAwait(false);
            _context.Logger.ApplyFailed(App.ToString(), revision.Number, failure);
            return ApplyResult.Failed(failure);
        }

        var drains = rollouts.Select(r => (r.Supervisor, Replaced: r.Supervisor.Promote(r.Template, r.Replicas))).ToList();
        var removed = _services.Values.Where(s => !supervisors.ContainsKey(s.Name)).ToList();
        _services = _services.RemoveRange(removed.Select(s => s.Name));
        ShareServices(revision, workloads);
        _revision = new StrongBox<int>(revision.Number);
        _signal.Notify();
        _context.Logger.RevisionServing(App.ToString(), revision.Number);
        var replacedJobs = StartJobs(revision, workloads, ServiceUri, usedAppUri);
        var replacedSchedules = StartSchedules(workloads);

        await Task.WhenAll(
            drains.Select(d => d.Supervisor.StopAsync(d.Replaced))
                .Concat(rollouts.Select(r => r.Supervisor.ReleaseUnusedPortsAsync()))
                .Concat(removed.Select(s => s.DisposeAsync().AsTask()))
                .Append(replacedJobs)
                .Append(replacedSchedules)).ConfigureAwait(false);
        _signal.Notify();
        return ApplyResult.Ok($"revision {revision.Number} is serving{WaitingNote(workloads)}");
    }

    private string? Validate(WorkloadSet workloads)
    {
        if (JobValidation.Problem(workloads, _context.Options.Containers) is { } jobProblem)
        {
            return jobProblem;
        }

        if (ScheduleValidation.Problem(workloads) is { } scheduleProblem)
        {
            return scheduleProblem;
        }

        if (workloads.Services.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return $"Service '{duplicate.Key}' appears more than once in the workload set. Give each service a unique name.";
        }

        var volumes = workloads.Volumes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        if (workloads.Services.Select(s => (Kind: "Service", s.Name, s.Volumes)).Concat(workloads.Jobs.Select(j => (Kind: "Job", j.Name, j.Volumes)))
            .SelectMany(w => w.Volumes.Where(m => !volumes.Contains(m.Volume)).Select(m => $"{w.Kind} '{w.Name}' mounts volume '{m.Volume}', which the workload set does not declare. Add it to WorkloadSet.Volumes."))
            .FirstOrDefault() is { } mountProblem)
        {
            return mountProblem;
        }

        return workloads.Services.Select(s => LaunchCommand.Problem(s.Artifact, s.Args, _context.Options.Containers) is { } problem ? $"Service '{s.Name}': {problem}" : null)
            .FirstOrDefault(p => p is not null);
    }

    // Returns why the revision cannot serve, or null when every new replica is ready. Stops at the
    // first failure rather than waiting out the others.
    private async Task<string?> WaitForReadyAsync(List<Rollout> rollouts, CancellationToken cancellationToken)
    {
        var waits = rollouts
            .SelectMany(r => r.Replicas.Select(async replica =>
                (replica, outcome: await replica.WaitForFirstOutcomeAsync(_context.Options.ReadyTimeout, cancellationToken).ConfigureAwait(false))))
            .ToList();
        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits).ConfigureAwait(false);
            waits.Remove(done);
            var (replica, outcome) = await done.ConfigureAwait(false);
            if (outcome.Kind != ReplicaOutcomeKind.Ready)
            {
                return Describe(replica, outcome);
            }
        }

        return null;
    }

    private static string Describe(Replica replica, ReplicaOutcome outcome)
    {
        var reason = new StringBuilder()
            .Append("Service '").Append(replica.Service).Append("' of revision ").Append(replica.Revision)
            .Append(" did not become ready: replica ").Append(replica.Id).Append(' ').Append(outcome.Message).Append('.');
        var lines = replica.LastLines();
        if (lines.Count > 0)
        {
            reason.Append(" Last output:");
            foreach (var line in lines)
            {
                reason.Append('\n').Append("  ").Append(line);
            }
        }

        return reason.ToString();
    }

    private async Task AbandonAsync(List<Rollout> rollouts, List<ServiceSupervisor> created)
    {
        await Task.WhenAll(rollouts.Select(r => r.Supervisor.StopAsync(r.Replicas))).ConfigureAwait(false);
        _services = _services.RemoveRange(created.Select(s => s.Name));
        await Task.WhenAll(created.Select(s => s.DisposeAsync().AsTask())
            .Concat(rollouts.Where(r => !created.Contains(r.Supervisor)).Select(r => r.Supervisor.ReleaseUnusedPortsAsync()))).ConfigureAwait(false);
        _signal.Notify();
    }

    private sealed record Rollout(ServiceSupervisor Supervisor, ReplicaTemplate Template, IReadOnlyList<Replica> Replicas);
}
