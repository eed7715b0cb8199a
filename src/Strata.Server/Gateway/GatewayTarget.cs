using Strata.Core.Runtime;
using Yarp.ReverseProxy.Configuration;

namespace Strata.Server.Gateway;

/// <summary>
/// The app and service a gateway cluster forwards to, carried in the cluster's metadata so that the
/// per-request middleware finds them without a lookup table of its own.
/// </summary>
internal static class GatewayTarget
{
    private const string VerticalKey = "strata.vertical";
    private const string AppKey = "strata.app";
    private const string ServiceKey = "strata.service";

    /// <summary>The metadata of the cluster of <paramref name="service"/> of <paramref name="app"/>.</summary>
    public static Dictionary<string, string> Metadata(AppRef app, string service) => new(StringComparer.Ordinal)
    {
        [VerticalKey] = app.Vertical,
        [AppKey] = app.App,
        [ServiceKey] = service,
    };

    /// <summary>Reads the app and service back; false for a cluster the gateway did not make.</summary>
    public static bool TryRead(ClusterConfig cluster, out AppRef app, out string service)
    {
        if (cluster.Metadata is { } metadata
            && metadata.TryGetValue(VerticalKey, out var vertical)
            && metadata.TryGetValue(AppKey, out var name)
            && metadata.TryGetValue(ServiceKey, out var serviceName))
        {
            app = new AppRef(vertical, name);
            service = serviceName;
            return true;
        }

        app = default;
        service = "";
        return false;
    }
}
