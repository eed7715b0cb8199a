using Microsoft.AspNetCore.Http;

namespace Strata.Server.Gateway;

/// <summary>Where the gateway serves apps: <c>/apps/{vertical}/{app}</c> (see StrataNames.AppPath).</summary>
internal static class GatewayPaths
{
    public static readonly PathString Apps = new("/apps");
}
