using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Yarp.ReverseProxy.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Strata gateway.</summary>
internal static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds YARP fed by <see cref="GatewayRoutes"/>, its policies, and <see cref="GatewayOptions"/> from <c>Strata:Gateway</c>, validated at start.</summary>
    public static IServiceCollection AddStrataGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddOptions<SocketTransportOptions>()
            .Configure<IOptions<GatewayOptions>>((sockets, gateway) => sockets.UnsafePreferInlineScheduling = gateway.Value.InlineScheduling);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidation>());
        services.AddReverseProxy()
            .LoadFromMemory([], [])
            // Nothing listens for traces on the hot path unless telemetry is configured: do not write trace headers.
            .ConfigureHttpClient((_, handler) => handler.ActivityHeadersPropagator = null);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPassiveHealthCheckPolicy, ConnectFailureHealthPolicy>());
        services.AddSingleton<GatewayRoutes>();
        services.AddSingleton<GatewayConnectionHandler>();
        return services;
    }
}
