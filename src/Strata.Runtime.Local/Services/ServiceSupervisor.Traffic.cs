using Strata.Runtime.Local.Apps;
using Strata.Runtime.Local.Networking;
using Strata.Runtime.Local.Replicas;

namespace Strata.Runtime.Local.Services;

/// <summary>The service's traffic: requests in flight, and waking it from zero (the activator).</summary>
internal sealed partial class ServiceSupervisor : IConnectionTraffic
{
    // Requests the gateway reports, and requests seen on the load balancer's connections. A request
    // through the gateway passes the load balancer too, so the two overlap: the autoscaler takes the
    // larger rather than the sum.
    private readonly TrafficMeter _requests;
    private readonly TrafficMeter _connections;
    private readonly ChangeSignal _readyChanged = new();
    private long? _coldStartAt;

    /// <summary>Marks a request through the gateway as in flight until the result is disposed.</summary>
    public IDisposable BeginRequest() => _requests.Begin();

    /// <inheritdoc />
    IDisposable IConnectionTraffic.BeginRequest() => _connections.Begin();

    /// <inheritdoc />
    ValueTask<bool> IConnectionTraffic.ActivateAsync(CancellationToken cancellationToken) => ActivateAsync(cancellationToken);

    /// <inheritdoc />
    void IConnectionTraffic.Reported(int inFlightDelta, bool active)
    {
        // A replica accepting connections itself counts its own requests: they join those seen on the
        // load balancer's connections (each connection is either proxied or accepted by a replica).
        if (inFlightDelta != 0)
        {
            _connections.Change(inFlightDelta);
        }
        else if (active)
        {
            _connections.Touch();
        }
    }

    /// <summary>
    /// Returns true once a serving replica is ready. An autoscaled service at zero gets a replica, started
    /// by the first caller; every concurrent caller waits for that same replica. False when no revision
    /// serves, when a service without autoscale bounds was scaled to zero by hand, or after the ready timeout.
    /// </summary>
    public async ValueTask<bool> ActivateAsync(CancellationToken cancellationToken)
    {
        var timeout = _context.Options.ReadyTimeout;
        var began = _context.Time.GetTimestamp();
        _requests.Touch();
        while (true)
        {
            var changed = _readyChanged.Next;
            List<Replica> added = [];
            lock (_gate)
            {
                var template = _template;
                if (template is null)
                {
                    return false;
                }

                if (_serving.Any(r => r.IsReady))
                {
                    return true;
                }

                if (_serving.IsEmpty)
                {
                    if (template.Service.Autoscale is not { } bounds)
                    {
                        return false;
                    }

                    (added, _) = ResizeLocked(template, Math.Max(1, bounds.Min));
                    ResetScaleDown();
                    _coldStartAt = _context.Time.GetTimestamp();
                }
            }

            if (added.Count > 0)
            {
                _context.Logger.ColdStartBegan(App, Name);
                StartAdded(added);
            }

            var remaining = timeout - _context.Time.GetElapsedTime(began);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(remaining, _context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return _serving.Any(r => r.IsReady);
            }
        }
    }

    private string App => _template?.App.ToString() ?? "?";

    // Called under the gate whenever the backends change: the first ready replica after a start from
    // zero ends the cold start, and its time is what an operator wants to see.
    private void NoteColdStartEndLocked()
    {
        if (_coldStartAt is { } began && _serving.Any(r => r.IsReady))
        {
            _coldStartAt = null;
            _requests.Touch();
            _context.Logger.ColdStartEnded(App, Name, (long)_context.Time.GetElapsedTime(began).TotalMilliseconds);
        }
    }
}
