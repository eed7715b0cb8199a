using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Puts the gateway's fast path in front of Kestrel's HTTP on a listener.</summary>
internal static class GatewayListenOptionsExtensions
{
    /// <summary>
    /// Adds <see cref="GatewayConnectionHandler"/> as connection middleware, unless
    /// <c>Strata:Gateway:FastPath</c> is false. Resolved when Kestrel binds, once the host's services exist.
    /// </summary>
    public static void UseStrataGatewayFastPath(this ListenOptions listen) => listen.Use(next =>
    {
        var services = listen.ApplicationServices;
        if (!services.GetRequiredService<IOptions<GatewayOptions>>().Value.FastPath)
        {
            return next;
        }

        var handler = services.GetRequiredService<GatewayConnectionHandler>();
        return connection => handler.OnConnectionAsync(connection, next);
    });
}
