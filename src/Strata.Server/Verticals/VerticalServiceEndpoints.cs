using Strata.Core.Runtime;
using Strata.Discovery;

namespace Strata.Server.Verticals;

/// <summary>The host's <see cref="IServiceEndpoints"/> for one vertical: asks the runtime where a service answers.</summary>
internal sealed class VerticalServiceEndpoints(string vertical, ICaasRuntime runtime) : IServiceEndpoints
{
    public ValueTask<Uri?> GetServiceUriAsync(string app, string service, CancellationToken cancellationToken = default)
        => runtime.GetServiceUriAsync(new AppRef(vertical, app), service, cancellationToken);
}
