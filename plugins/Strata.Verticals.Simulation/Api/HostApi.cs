using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Strata.Verticals.Simulation.Api;

/// <summary>
/// The host's control API, reached over HTTP on the address the current request came in on: the contract
/// gives a vertical no service to deploy or to stop a job, and the control API does both. It needs no token
/// today; once it does, this needs a credential the host hands to verticals.
/// </summary>
internal static class HostApi
{
    /// <summary><c>…/api/apps/{app}</c> on this host, or null when the request's local address is unknown.</summary>
    public static string? AppUri(HttpContext context, string app)
    {
        var local = context.Connection.LocalIpAddress;
        if (local is null || context.Connection.LocalPort == 0)
        {
            return null;
        }

        var host = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        var hostText = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return $"{context.Request.Scheme}://{hostText}:{context.Connection.LocalPort}/api/apps/{Uri.EscapeDataString(app)}";
    }
}
