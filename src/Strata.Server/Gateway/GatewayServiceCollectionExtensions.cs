using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Server.Gateway.ProcessMode;
using Strata.Server.Telemetry;
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
        services.AddSingleton<GatewayTableFollowers>();
        services.AddSingleton<GatewayRoutes>();
        services.TryAddSingleton<GatewayMetrics>();
        services.AddSingleton<IGatewayTableSource>(sp => sp.GetRequiredService<GatewayRoutes>());
        services.AddSingleton<IGatewayTraffic, RuntimeGatewayTraffic>();
        services.AddSingleton<GatewayConnectionHandler>();
        return services;
    }

    /// <summary>
    /// Adds what gateway mode <see cref="GatewayMode.Process"/> needs in the host: the supervisor of the
    /// gateway process (started once Kestrel has bound the internal listener) and the ledger of its in-flight reports.
    /// </summary>
    public static IServiceCollection AddStrataGatewayProcess(this IServiceCollection services)
    {
        services.AddSingleton<GatewayInFlightLedger>();
        services.AddSingleton<GatewayProcessSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayProcessSupervisor>());
        return services;
    }
}
