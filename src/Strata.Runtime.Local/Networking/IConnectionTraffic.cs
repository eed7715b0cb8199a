namespace Strata.Runtime.Local.Networking;

/// <summary>What a <see cref="TcpLoadBalancer"/> tells its service about the traffic through it.</summary>
internal interface IConnectionTraffic
{
    /// <summary>A request went out on a connection; disposing the result says its answer began.</summary>
    IDisposable BeginRequest();

    /// <summary>Returns once the service has a ready replica, starting one when it was scaled to zero.</summary>
    ValueTask<bool> ActivateAsync(CancellationToken cancellationToken);
}
