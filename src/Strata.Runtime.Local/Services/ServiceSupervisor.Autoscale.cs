using Microsoft.Extensions.Logging;
using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Services;

/// <summary>The autoscaler: in-flight requests against the service's autoscale bounds.</summary>
internal sealed partial class ServiceSupervisor
{
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _autoscaling;
    private long? _lowerSince;
    private int _lowerPeak;

    private async Task AutoscaleLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_context.Options.AutoscaleInterval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Autoscale();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad tick (a replica that cannot start) must not end autoscaling for good.
                    _context.Logger.AutoscaleFailed(App, Name, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The service is being removed.
        }
    }

    private void Autoscale()
    {
        // Sampled on every tick, autoscaled or not, so that a service that becomes autoscaled by a
        // deploy does not inherit a window of old traffic.
        var average = Math.Max(_requests.TakeAverage(), _connections.TakeAverage());
        var idle = _requests.IdleFor < _connections.IdleFor ? _requests.IdleFor : _connections.IdleFor;
        List<Replica> added = [];
        List<Replica> removed = [];
        int from;
        int to;
        lock (_gate)
        {
            if (_template is not { Service.Autoscale: { } bounds } template || _disposing.IsCancellationRequested)
            {
                return;
            }

            from = Desired;
            var desired = AutoscaleDecision.Desired(bounds, average, idle >= TimeSpan.FromSeconds(Math.Max(0, bounds.ScaleToZeroAfterSeconds)));
            to = from;
            if (desired > from)
            {
                // Up at once: waiting costs latency for requests that are already queueing.
                to = desired;
                ResetScaleDown();
            }
            else if (desired == 0 && _coldStartAt is not null)
            {
                // Still waking up for a caller that waits: the idle time says nothing yet.
            }
            else if (desired == 0 && from > 0)
            {
                // The scale-to-zero time was the wait already.
                to = 0;
                ResetScaleDown();
            }
            else if (desired < from)
            {
                var now = _context.Time.GetTimestamp();
                _lowerSince ??= now;
                _lowerPeak = Math.Max(_lowerPeak, desired);
                if (_context.Time.GetElapsedTime(_lowerSince.Value, now) >= _context.Options.ScaleDownDelay)
                {
                    // Down only to the most that was wanted during the delay, so a burst inside it counts.
                    to = _lowerPeak;
                    ResetScaleDown();
                }
            }
            else
            {
                ResetScaleDown();
            }

            if (to != from)
            {
                (added, removed) = ResizeLocked(template, to);
            }
        }

        if (to == from)
        {
            return;
        }

        if (to == 0)
        {
            _context.Logger.ScaledToZero(App, Name, (long)idle.TotalSeconds);
        }
        else
        {
            _context.Logger.Autoscaled(App, Name, from, to, average);
        }

        StartAdded(added);
        StopInBackground(removed);
    }

    private void ResetScaleDown()
    {
        _lowerSince = null;
        _lowerPeak = 0;
    }
}
