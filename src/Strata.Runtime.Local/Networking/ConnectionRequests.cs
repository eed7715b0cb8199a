namespace Strata.Runtime.Local.Networking;

/// <summary>
/// Guesses, without parsing the protocol, whether a proxied connection has a request in flight: bytes
/// from the client start one, the first bytes back from the replica end it. For HTTP/1.1 that is a
/// request waiting for its answer; an idle keep-alive connection counts as nothing, so pooled client
/// connections do not hold a service at its peak size.
/// </summary>
internal sealed class ConnectionRequests(IConnectionTraffic traffic) : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _request;

    /// <summary>The client sent bytes.</summary>
    public void ClientSent()
    {
        lock (_gate)
        {
            _request ??= traffic.BeginRequest();
        }
    }

    /// <summary>The replica sent bytes.</summary>
    public void BackendSent()
    {
        lock (_gate)
        {
            _request?.Dispose();
            _request = null;
        }
    }

    /// <summary>The connection closed.</summary>
    public void Dispose() => BackendSent();
}
