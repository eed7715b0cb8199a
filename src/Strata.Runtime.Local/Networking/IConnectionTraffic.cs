namespace Strata.Runtime.Local.Networking;

/// <summary>What a <see cref="TcpLoadBalancer"/> and the replicas' <see cref="ReplicaLink"/>s tell their service about its traffic.</summary>
internal interface IConnectionTraffic
{
    /// <summary>A request went out on a connection; disposing the result says its answer began.</summary>
    IDisposable BeginRequest();

    /// <summary>Returns once the service has a ready replica, starting one when it was scaled to zero.</summary>
    ValueTask<bool> ActivateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A replica that accepts connections itself reported its in-flight requests changed by
    /// <paramref name="inFlightDelta"/>; <paramref name="active"/> when it completed some since its last report.
    /// </summary>
    void Reported(int inFlightDelta, bool active);
}
