using System.Net;
using System.Net.Sockets;

namespace Strata.Runtime.Local.Networking;

/// <summary>Finds free ports on the loopback address.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port nobody listens on right now. The replica binds it a moment later; another process could
    /// take it in between, which the readiness probe then reports, and ports are not reused quickly.
    /// </summary>
    public static int FindFree(IPAddress address)
    {
        using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
