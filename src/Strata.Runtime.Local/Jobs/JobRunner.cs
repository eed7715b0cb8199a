using Strata.Core.Runtime;
using Strata.Runtime.Local.Logs;

namespace Strata.Runtime.Local.Jobs;

/// <summary>
/// One job of one revision, run the way a Kubernetes Indexed Job runs: indexes 0 to
/// <c>Completions - 1</c>, at most <c>Parallelism</c> at a time, each run until it succeeds once;
/// failed attempts are retried with back-off until the job's failed attempts pass its back-off
/// limit; an active deadline bounds the whole job. State: Running, then Succeeded, Failed or
/// Cancelled, never changed afterwards. Status reads never wait on the run.
/// </summary>
internal sealed partial class JobRunner
{
    private readonly LocalRuntimeContext _context;
    private readonly JobTemplate _template;
    private readonly Action _changed;
    private readonly Action<AppLogLine> _log;
    private readonly Lock _gate = new();
    private readonly JobTaskStatus[] _tasks;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private int _next;
    private int _succeeded;
    private int _failed;
    private int _active;
    private string _state = JobStates.Running;
    private string? _message;

    /// <summary>Creates the runner of a job; nothing runs until <see cref="Start"/>.</summary>
    public JobRunner(LocalRuntimeContext context, JobTemplate template, Action changed, Action<AppLogLine> log)
    {
        _context = context;
        _template = template;
        _changed = changed;
        _log = log;
        _tasks = [.. Enumerable.Range(0, template.Job.Completions).Select(i => new JobTaskStatus(i, JobStates.Pending, 0, null, null))];
    }

    /// <summary>The job workload name.</summary>
    public string Name => _template.Job.Name;

    /// <summary>A snapshot of its progress.</summary>
    public JobStatus Status()
    {
        lock (_gate)
        {
            return new JobStatus(Name, _tasks.Length, _succeeded, _failed, _active, _state, _message) { Tasks = [.. _tasks] };
        }
    }

    /// <summary>Runs the job in the background once <paramref name="previousStopped"/> (the job it replaces) has stopped.</summary>
    public void Start(Task previousStopped) => _run = Task.Run(() => RunAsync(previousStopped));

    /// <summary>
    /// Cancels the job when it still runs (no more tasks start; running ones get SIGTERM, then SIGKILL
    /// after the drain timeout) and waits until its processes are gone. A finished job keeps its state.
    /// </summary>
    public async Task StopAsync(string reason)
    {
        Finish(JobStates.Cancelled, reason);
        await _run.ConfigureAwait(false);
    }

    // Ends the job with its final state; only the first call counts. Everything still running stops.
    private void Finish(string state, string? message)
    {
        lock (_gate)
        {
            if (_state != JobStates.Running)
            {
                return;
            }

            _state = state;
            _message = message;
        }

        _stop.Cancel();
        var app = _template.App.ToString();
        switch (state)
        {
            case JobStates.Succeeded:
                _context.Logger.JobSucceeded(app, Name);
                break;
            case JobStates.Failed:
                _context.Logger.JobFailed(app, Name, message ?? state);
                break;
            default:
                _context.Logger.JobCancelled(app, Name, message ?? state);
                break;
        }

        _changed();
    }

    private void Update(int index, Func<JobTaskStatus, JobTaskStatus> change, int active = 0, int succeeded = 0, int failed = 0)
    {
        lock (_gate)
        {
            _tasks[index] = change(_tasks[index]);
            _active += active;
            _succeeded += succeeded;
            _failed += failed;
        }

        _changed();
    }
}
