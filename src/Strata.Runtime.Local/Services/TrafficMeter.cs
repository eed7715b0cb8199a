namespace Strata.Runtime.Local.Services;

/// <summary>
/// Counts the requests in flight to one service and integrates that count over time, so that the
/// autoscaler sees the average over its whole interval rather than whatever happened to be in flight
/// at the instant it looked.
/// </summary>
internal sealed class TrafficMeter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _changedAt = time.GetTimestamp();
    private long _windowStart = time.GetTimestamp();
    private double _area;
    private long _lastActivity = time.GetTimestamp();

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>How long since a request began or ended; zero while one is in flight.</summary>
    public TimeSpan IdleFor
    {
        get
        {
            lock (_gate)
            {
                return _inFlight > 0 ? TimeSpan.Zero : time.GetElapsedTime(_lastActivity);
            }
        }
    }

    /// <summary>Marks a request in flight until the result is disposed (once; further disposes do nothing).</summary>
    public IDisposable Begin()
    {
        Change(+1);
        return new Request(this);
    }

    /// <summary>Counts activity without a request, so an idle timer restarts (e.g. a deploy or an activation).</summary>
    public void Touch()
    {
        lock (_gate)
        {
            _lastActivity = time.GetTimestamp();
        }
    }

    /// <summary>The time-weighted average of in-flight requests since the previous call.</summary>
    public double TakeAverage()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            Accumulate(now);
            var seconds = time.GetElapsedTime(_windowStart, now).TotalSeconds;
            var average = seconds > 0 ? _area / seconds : _inFlight;
            _area = 0;
            _windowStart = now;
            return average;
        }
    }

    /// <summary>Changes the in-flight count by <paramref name="delta"/>.</summary>
    public void Change(int delta)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            Accumulate(now);
            _inFlight = Math.Max(0, _inFlight + delta);
            _lastActivity = now;
        }
    }

    private void Accumulate(long now)
    {
        _area += _inFlight * time.GetElapsedTime(_changedAt, now).TotalSeconds;
        _changedAt = now;
    }

    private sealed class Request(TrafficMeter meter) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                meter.Change(-1);
            }
        }
    }
}
