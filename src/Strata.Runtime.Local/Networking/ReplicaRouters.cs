using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Strata.Core.Runtime;

namespace Strata.Runtime.Local.Networking;

/// <summary>
/// The routers (the host's gateway) registered with one runtime, and the wait before replicas are
/// stopped: until each confirms it no longer routes to them, or the deregistration timeout passes.
/// </summary>
internal sealed class ReplicaRouters(ILogger logger, TimeProvider time)
{
    private ImmutableList<IReplicaRouter> _routers = [];

    /// <summary>Registers <paramref name="router"/> until the result is disposed.</summary>
    public IDisposable Add(IReplicaRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        ImmutableInterlocked.Update(ref _routers, list => list.Add(router));
        return new Registration(this, router);
    }

    /// <summary>
    /// Returns once every router has confirmed that <paramref name="endpoints"/> get no more requests,
    /// or after <paramref name="timeout"/> (logged); never throws but for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task WaitUntilUnroutedAsync(IReadOnlyCollection<Uri> endpoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var routers = _routers;
        if (routers.IsEmpty || endpoints.Count == 0 || timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            // WaitAsync as well: a router that ignores its token must not hold the replicas up either.
            await Task.WhenAll(routers.Select(r => r.WaitUntilUnroutedAsync(endpoints, linked.Token))).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.DeregistrationTimedOut(timeout, string.Join(", ", endpoints));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A router's fault must not keep replicas running: they are stopped as if it had confirmed.
            logger.DeregistrationFailed(string.Join(", ", endpoints), ex);
        }
    }

    private sealed class Registration(ReplicaRouters owner, IReplicaRouter router) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref owner._routers, list => list.Remove(router));
    }
}
