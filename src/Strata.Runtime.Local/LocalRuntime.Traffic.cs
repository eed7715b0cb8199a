using Strata.Core.Runtime;

namespace Strata.Runtime.Local;

// IServiceTraffic: the gateway's requests feed each service's autoscaler and idle timer, and
// activation wakes a service that was scaled to zero (the service's load balancer does the same for
// connections that come through discovery URLs).
public sealed partial class LocalRuntime
{
    /// <inheritdoc />
    public IDisposable BeginRequest(AppRef app, string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        return _apps.TryGetValue(app, out var host) && host.Supervisor(service) is { } supervisor
            ? supervisor.BeginRequest()
            : NoRequest.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ActivateAsync(AppRef app, string service, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (Volatile.Read(ref _disposed) == 1 || !_apps.TryGetValue(app, out var host) || host.Supervisor(service) is not { } supervisor)
        {
            return false;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            return await supervisor.ActivateAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The runtime is shutting down: nothing will become ready.
            return false;
        }
    }

    // For a service the runtime does not run: there is nothing to count.
    private sealed class NoRequest : IDisposable
    {
        public static readonly NoRequest Instance = new();

        public void Dispose()
        {
        }
    }
}
