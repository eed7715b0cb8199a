namespace Strata.Core.Runtime;

/// <summary>
/// Implemented by a runtime whose gateway runs in the host (Local). The gateway reports each request
/// it forwards to a service — the runtime autoscales on in-flight requests per replica and scales an
/// idle service to zero — and wakes a scaled-to-zero service before forwarding (the activator pattern).
/// </summary>
public interface IServiceTraffic
{
    /// <summary>Marks a request to <paramref name="service"/> as in flight until the result is disposed.</summary>
    IDisposable BeginRequest(AppRef app, string service);

    /// <summary>
    /// Returns once the service has at least one ready replica, starting one if it was scaled to zero.
    /// False when it cannot get one (the app or service does not run, or it failed to start in time).
    /// </summary>
    ValueTask<bool> ActivateAsync(AppRef app, string service, CancellationToken cancellationToken);
}
