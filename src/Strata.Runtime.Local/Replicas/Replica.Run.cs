using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;
using Strata.Runtime.Local.Logs;
using Strata.Runtime.Local.Processes;

namespace Strata.Runtime.Local.Replicas;

/// <summary>The replica's life: start, probe, wait for exit, restart with back-off.</summary>
internal sealed partial class Replica
{
    // Probing starts fast so that a deploy is not slowed by the probe period, and slows down to the
    // probe period (at most this while not yet ready) so a slow starter is not hammered. The cap is
    // low because a cold start from zero has a request waiting for the first passing probe.
    private static readonly TimeSpan FirstProbeDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxStartupProbeDelay = TimeSpan.FromMilliseconds(250);

    private DateTimeOffset? _readySince;
    private volatile string? _lastProbeFailure;

    private async Task RunAsync()
    {
        var crashes = 0;
        while (true)
        {
            ReplicaProcess process;
            string? failure = null;
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                try
                {
                    process = ReplicaProcess.Start(_template.Launch, _environment, _output.OnLines);
                    _process = process;
                }
                catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
                {
                    _context.Logger.ReplicaStartFailed(Id, ex);
                    failure = $"could not start '{_template.Launch.Program}': {ex.Message}";
                    process = null!;
                }
            }

            if (failure is not null)
            {
                // Retrying will not make a missing program appear: the replica is given up on.
                Update(s => s with { State = ReplicaState.Failed, Message = failure });
                _firstOutcome.TrySetResult(new ReplicaOutcome(ReplicaOutcomeKind.Failed, failure));
                return;
            }

            PidFiles.Write(_context.Paths.PidFile(Id), process.Id);
            if (_cgroups?.Apply(process.Id) is { } limitProblem)
            {
                LimitProblem = limitProblem;
                _context.Logger.LimitsNotApplied(Id, limitProblem);
            }

            _livenessFailure = null;
            _context.Logger.ReplicaStarted(Id, process.Id, Ports[_template.Ports[0].Name]);
            _readySince = null;
            Update(s => s with { State = ReplicaState.Starting, ProcessId = process.Id, Message = "waiting for readiness", StartedAt = _context.Time.GetUtcNow() });

            var exitCode = await RunProcessAsync(process).ConfigureAwait(false);
            if (_stopping || _draining)
            {
                return;
            }

            _context.Logger.ReplicaExited(Id, exitCode);
            var exited = _livenessFailure is { } liveness ? $"killed: {liveness}" : $"exited with code {exitCode}";
            Update(s => s with { State = ReplicaState.Exited, Message = exited });
            _firstOutcome.TrySetResult(new ReplicaOutcome(ReplicaOutcomeKind.Failed, exited));

            // A replica of a deploy in progress is not healed: the deploy decides whether it is wanted.
            try
            {
                await _healing.Task.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            crashes = _readySince is { } since && _context.Time.GetUtcNow() - since >= RestartBackoff.HealthyAfter ? 0 : crashes;
            var delay = RestartBackoff.Delay(crashes++);
            _context.Logger.ReplicaRestarting(Id, delay, _status.Restarts + 1);
            try
            {
                await Task.Delay(delay, _context.Time, _lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Update(s => s with { Restarts = s.Restarts + 1 });
        }
    }

    private async Task<int> RunProcessAsync(ReplicaProcess process)
    {
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var probe = ProbeAsync(probing.Token);
        var liveness = LivenessAsync(process, probing.Token);
        var exitCode = await process.Exited.ConfigureAwait(false);
        await probing.CancelAsync().ConfigureAwait(false);
        foreach (var probeRun in new[] { probe, liveness })
        {
            try
            {
                await probeRun.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Probing ends with the process.
            }
        }

        PidFiles.Delete(_context.Paths.PidFile(Id));
        lock (_gate)
        {
            _process = null;
        }

        process.Dispose();
        return exitCode;
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var http = _probe.Http;
        var port = http is not null && Ports.TryGetValue(http.Port, out var named) ? named : Ports[_template.Ports[0].Name];
        var period = TimeSpan.FromSeconds(Math.Max(1, http?.PeriodSeconds ?? 5));
        var threshold = Math.Max(1, http?.FailureThreshold ?? 3);
        if (http is { InitialDelaySeconds: > 0 })
        {
            await Task.Delay(TimeSpan.FromSeconds(http.InitialDelaySeconds), _context.Time, cancellationToken).ConfigureAwait(false);
        }

        var startupDelay = FirstProbeDelay;
        var failures = 0;
        while (true)
        {
            var failure = await _probe.CheckAsync(_context.Options.Host, port, cancellationToken).ConfigureAwait(false);
            var ready = _status.State == ReplicaState.Ready;
            _lastProbeFailure = failure;
            if (failure is null)
            {
                failures = 0;
                if (!ready)
                {
                    _readySince ??= _context.Time.GetUtcNow();
                    _context.Logger.ReplicaReady(Id);
                    Update(s => s with { State = ReplicaState.Ready, Message = null });
                    _firstOutcome.TrySetResult(ReplicaOutcome.Ready);
                    ready = true;
                }
            }
            else if (ready && ++failures >= threshold)
            {
                Update(s => s with { State = ReplicaState.Unready, Message = $"readiness probe failed {failures} times in a row: {failure}" });
                ready = false;
                startupDelay = FirstProbeDelay;
            }

            var delay = ready ? period : startupDelay;
            startupDelay = TimeSpan.FromTicks(Math.Min(Math.Min(period.Ticks, MaxStartupProbeDelay.Ticks), (long)(startupDelay.Ticks * 1.5)));
            await Task.Delay(delay, _context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
