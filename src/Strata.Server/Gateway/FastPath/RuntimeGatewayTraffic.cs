using Strata.Core.Runtime;

namespace Strata.Server.Gateway.FastPath;

/// <summary>In the host: the fast path's requests count in the runtime, as the YARP path's do.</summary>
internal sealed class RuntimeGatewayTraffic(ICaasRuntime runtime) : IGatewayTraffic
{
    private readonly IServiceTraffic? _traffic = runtime as IServiceTraffic;

    public IDisposable? BeginRequest(AppRef app, string service) => _traffic?.BeginRequest(app, service);
}
