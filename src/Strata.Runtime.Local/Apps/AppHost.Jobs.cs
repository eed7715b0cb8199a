using System.Collections.Immutable;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Jobs;
using Strata.Runtime.Local.Replicas;
using Strata.Runtime.Local.Volumes;
using Strata.Workloads;

namespace Strata.Runtime.Local.Apps;

/// <summary>The app's jobs: at most one runner per job name, of the revision serving.</summary>
internal sealed partial class AppHost
{
    private volatile ImmutableSortedDictionary<string, JobRunner> _jobs =
        ImmutableSortedDictionary.Create<string, JobRunner>(StringComparer.Ordinal);

    /// <summary>
    /// Cancels a job of the app and waits until its processes are gone; a finished job keeps its
    /// state. The caller holds <see cref="Lock"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The app has no such job.</exception>
    public async Task CancelJobAsync(string job)
    {
        if (!_jobs.TryGetValue(job, out var runner))
        {
            var known = _jobs.IsEmpty ? "none" : string.Join(", ", _jobs.Keys);
            throw new KeyNotFoundException($"App '{App}' has no job '{job}' (its jobs: {known}). Check the job name, or deploy a revision that has it.");
        }

        await runner.StopAsync("cancelled").ConfigureAwait(false);
    }

    private IReadOnlyList<JobStatus> JobStatuses() => [.. _jobs.Values.Select(j => j.Status())];

    // Called once a revision serves, so the services its jobs may call are ready. A job of the
    // previous revision with the same name is cancelled and the new one starts once it has stopped;
    // one the new revision no longer has is cancelled and dropped. Returns when those have stopped.
    private Task StartJobs(AppRevision revision, WorkloadSet workloads, Func<string, string, Uri> serviceUri, Func<Strata.Manifest.UsedApp, Uri>? usedAppUri)
    {
        var previous = _jobs;
        var next = ImmutableSortedDictionary.CreateBuilder<string, JobRunner>(StringComparer.Ordinal);
        var stops = new List<Task>();
        var folders = LocalVolumes.Prepare(_context.Paths, App, workloads);
        foreach (var job in workloads.Jobs)
        {
            var (launch, volumes) = LocalVolumes.Attach(
                LaunchCommand.From(job.Artifact, job.Args, _context.Options.Containers, _context.Paths.ContainerOwner)!, job.Volumes, folders);
            var template = new JobTemplate(App, revision.Number, job, launch, JobEnvironment.Build(revision, workloads, job, serviceUri, volumes, usedAppUri));
            var runner = new JobRunner(_context, template, _signal.Notify, Logs.Append);
            var replaced = previous.TryGetValue(job.Name, out var old) ? old.StopAsync($"replaced by revision {revision.Number}") : Task.CompletedTask;
            stops.Add(replaced);
            runner.Start(replaced);
            next[job.Name] = runner;
        }

        stops.AddRange(previous.Where(p => !next.ContainsKey(p.Key)).Select(p => p.Value.StopAsync($"revision {revision.Number} has no job '{p.Key}'")));
        _jobs = next.ToImmutable();
        return Task.WhenAll(stops);
    }

    private Task StopJobsAsync()
    {
        var jobs = _jobs;
        _jobs = _jobs.Clear();
        return Task.WhenAll(jobs.Values.Select(j => j.StopAsync("the app was deleted")));
    }
}
