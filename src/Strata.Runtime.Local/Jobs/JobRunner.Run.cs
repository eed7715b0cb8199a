using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Strata.Runtime.Local.Jobs;

/// <summary>The job's run: workers that take indexes in order, attempts, retries and the deadline.</summary>
internal sealed partial class JobRunner
{
    private async Task RunAsync(Task previousStopped)
    {
        // Two revisions' tasks of one index must not run side by side (they may write the same output).
        await previousStopped.ConfigureAwait(false);
        var job = _template.Job;
        _context.Logger.JobStarted(_template.App.ToString(), Name, _template.Revision, job.Completions, job.Parallelism);
        var deadline = job.ActiveDeadlineSeconds is { } seconds ? DeadlineAsync(seconds) : Task.CompletedTask;

        // One worker per parallel slot: a slot is held by its index through the back-off before a
        // retry, so no more than Parallelism processes ever run at once.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(job.Parallelism, job.Completions)).Select(_ => Task.Run(WorkAsync))).ConfigureAwait(false);

        // Workers end when every index succeeded or the job was ended; Finish cancels the deadline.
        Finish(JobStates.Failed, "the job ended without every index succeeding");
        await deadline.ConfigureAwait(false);
        SettleTasks();
    }

    private async Task WorkAsync()
    {
        while (TakeNext() is { } index)
        {
            await RunIndexAsync(index).ConfigureAwait(false);
        }
    }

    private int? TakeNext()
    {
        lock (_gate)
        {
            return _state == JobStates.Running && _next < _tasks.Length ? _next++ : null;
        }
    }

    private async Task RunIndexAsync(int index)
    {
        for (var number = 1; ; number++)
        {
            var attempt = new JobAttempt(_context, _template, index, number, _log);
            lock (_gate)
            {
                if (_state != JobStates.Running)
                {
                    return;
                }

                _active++;
                _tasks[index] = _tasks[index] with { State = JobStates.Running, Attempts = number, Message = null };
            }

            _changed();
            int exitCode;
            try
            {
                exitCode = await attempt.RunAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
            {
                // Retrying will not make a missing program appear: the job fails at once.
                _context.Logger.TaskStartFailed(attempt.Id, ex);
                var reason = $"index {index} could not start '{_template.Launch.Program}': {ex.Message}";
                Update(index, t => t with { State = JobStates.Failed, Message = reason }, active: -1);
                Finish(JobStates.Failed, reason);
                return;
            }

            if (attempt.Stopped)
            {
                Update(index, t => t with { ExitCode = exitCode, Message = "stopped" }, active: -1);
                return;
            }

            if (exitCode == 0)
            {
                Update(index, t => t with { State = JobStates.Succeeded, ExitCode = 0 }, active: -1, succeeded: 1);
                if (Status().Succeeded == _tasks.Length)
                {
                    Finish(JobStates.Succeeded, null);
                }

                return;
            }

            _context.Logger.TaskFailed(attempt.Id, exitCode);
            int failed;
            lock (_gate)
            {
                failed = ++_failed;
                _active--;
            }

            var exited = string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}");
            if (failed > _template.Job.BackoffLimit)
            {
                Update(index, t => t with { State = JobStates.Failed, ExitCode = exitCode, Message = exited });
                Finish(JobStates.Failed, Describe(attempt, exitCode, failed));
                return;
            }

            var delay = JobBackoff.Delay(_context.Options.JobRetryDelay, failed);
            Update(index, t => t with
            {
                State = JobStates.Pending,
                ExitCode = exitCode,
                Message = string.Create(CultureInfo.InvariantCulture, $"{exited}; retrying in {delay.TotalSeconds:0.###}s"),
            });
            try
            {
                await Task.Delay(delay, _context.Time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeadlineAsync(int seconds)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), _context.Time, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Finish(JobStates.Failed, string.Create(CultureInfo.InvariantCulture, $"deadline exceeded after {seconds}s"));
    }

    // Indexes that will never succeed now say so: Failed when the job failed while they ran or
    // retried, Cancelled when the job was cancelled or they never started.
    private void SettleTasks()
    {
        lock (_gate)
        {
            for (var i = 0; i < _tasks.Length; i++)
            {
                var task = _tasks[i];
                if (task.State is JobStates.Succeeded or JobStates.Failed)
                {
                    continue;
                }

                _tasks[i] = task with
                {
                    State = _state == JobStates.Failed && task.Attempts > 0 ? JobStates.Failed : JobStates.Cancelled,
                    Message = task.Attempts > 0 ? $"stopped: {_message}" : $"not run: {_message}",
                };
            }
        }

        _changed();
    }

    private string Describe(JobAttempt attempt, int exitCode, int failed)
    {
        var reason = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"index {attempt.Index} exited with code {exitCode} (attempt {attempt.Number}); {failed} failed attempts exceed the back-off limit of {_template.Job.BackoffLimit}.");
        var lines = attempt.LastLines();
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
}
