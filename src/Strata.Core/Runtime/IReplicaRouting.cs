namespace Strata.Core.Runtime;

/// <summary>
/// Implemented by a runtime whose replicas the host's gateway balances over itself (Local). Before it
/// stops a replica it takes the replica out of its status and waits until every registered
/// <see cref="IReplicaRouter"/> has confirmed that no request goes to it any more, so that no request
/// is sent to a replica after its SIGTERM: the deregistration Kubernetes leaves to a <c>preStop</c> sleep.
/// </summary>
public interface IReplicaRouting
{
    /// <summary>Registers a router the runtime waits for before it stops replicas, until the result is disposed.</summary>
    IDisposable AddRouter(IReplicaRouter router);
}

/// <summary>Something that routes requests to replica endpoints it learns from a runtime's status: the host's gateway.</summary>
public interface IReplicaRouter
{
    /// <summary>
    /// Completes once no request is routed to any of <paramref name="endpoints"/> any more: every table
    /// this router routes by (its own, and those of the processes it feeds) has dropped them.
    /// </summary>
    Task WaitUntilUnroutedAsync(IReadOnlyCollection<Uri> endpoints, CancellationToken cancellationToken);
}
