using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Discovery;
using Strata.Server.Runtimes;

namespace Strata.Server.Verticals;

/// <summary>
/// The host's <see cref="IServiceEndpoints"/> for one vertical: asks the runtime where a service answers —
/// the local runtime first (no lookup for the apps it runs), then, when a cluster is configured, the
/// runtime the app is recorded on (its cluster DNS address, reachable when the host runs in the cluster).
/// </summary>
internal sealed class VerticalServiceEndpoints(string vertical, AppRuntimes runtimes, StateStore state) : IServiceEndpoints
{
    public async ValueTask<Uri?> GetServiceUriAsync(string app, string service, CancellationToken cancellationToken = default)
    {
        var reference = new AppRef(vertical, app);
        if (await runtimes.Local.GetServiceUriAsync(reference, service, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return local;
        }

        if (runtimes.Available.Count == 1
            || Core.Naming.StrataNames.CheckDnsLabel(app) is not null
            || await state.GetAppAsync(reference, cancellationToken).ConfigureAwait(false) is not { } record
            || AppRuntimes.IsLocal(record))
        {
            return null;
        }

        return await runtimes.For(record).GetServiceUriAsync(reference, service, cancellationToken).ConfigureAwait(false);
    }
}
