using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Puts the gateway in front of Kestrel's HTTP on the host's listeners.</summary>
internal static class GatewayListenOptionsExtensions
{
    /// <summary>
    /// In gateway mode <see cref="GatewayMode.InProcess"/>: adds <see cref="GatewayConnectionHandler"/>
    /// as connection middleware, unless <c>Strata:Gateway:FastPath</c> is false. In mode
    /// <see cref="GatewayMode.Process"/> the listener is the host's internal one, behind the gateway
    /// process: it reads each connection's PROXY line (<see cref="ProxyProtocolMiddleware"/>) instead.
    /// Resolved when Kestrel binds, once the host's services exist.
    /// </summary>
    public static void UseStrataGateway(this ListenOptions listen) => listen.Use(next =>
    {
        var services = listen.ApplicationServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (options.Mode == GatewayMode.Process)
        {
            var proxyLine = new ProxyProtocolMiddleware(next, services.GetRequiredService<ILoggerFactory>().CreateLogger<ProxyProtocolMiddleware>());
            return proxyLine.OnConnectionAsync;
        }

        if (!options.FastPath)
        {
            return next;
        }

        var handler = services.GetRequiredService<GatewayConnectionHandler>();
        return connection => handler.OnConnectionAsync(connection, next);
    });
}
