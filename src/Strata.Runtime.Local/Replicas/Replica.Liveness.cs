using Strata.Core.Runtime;

namespace Strata.Runtime.Local.Replicas;

/// <summary>Healing of a replica that runs but no longer works: its liveness probe.</summary>
internal sealed partial class Replica
{
    private volatile string? _livenessFailure;

    // Kills the process after FailureThreshold failed probes in a row; the run loop then restarts it
    // with the usual back-off and counts the restart. A process is judged only once it has been ready:
    // a slow starter is the readiness probe's and the ready timeout's business, not a reason to kill it.
    private async Task LivenessAsync(ReplicaProcess process, CancellationToken cancellationToken)
    {
        if (_template.Service.Liveness is not { } http)
        {
            return;
        }

        var probe = new ReadinessProbe(http, _context.ProbeClient);
        var port = Ports.TryGetValue(http.Port, out var named) ? named : Ports[_template.Ports[0].Name];
        var period = TimeSpan.FromSeconds(Math.Max(1, http.PeriodSeconds));
        var threshold = Math.Max(1, http.FailureThreshold);
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, http.InitialDelaySeconds)), _context.Time, cancellationToken).ConfigureAwait(false);
        var failures = 0;
        while (true)
        {
            await Task.Delay(period, _context.Time, cancellationToken).ConfigureAwait(false);
            if (_status.State == ReplicaState.Starting)
            {
                continue;
            }

            var failure = await probe.CheckAsync(_context.Options.Host, port, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                failures = 0;
                continue;
            }

            if (++failures < threshold)
            {
                continue;
            }

            var reason = $"liveness probe failed {failures} times in a row: {failure}";
            _livenessFailure = reason;
            _context.Logger.LivenessFailed(Id, reason);
            process.Kill();
            return;
        }
    }
}
