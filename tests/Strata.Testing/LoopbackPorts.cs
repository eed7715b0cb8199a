using System.Net;
using System.Net.Sockets;

namespace Strata.Testing;

/// <summary>Ports on 127.0.0.1 for processes a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago (the system's pick for a listener on port 0).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
