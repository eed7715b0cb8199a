using Strata.Core;
using Strata.Core.Plugins;
using Strata.Core.Runtime;
using Strata.Core.State;
using Strata.Manifest;
using Strata.Runtime.Kubernetes;
using Strata.Server.Apps;
using Strata.Workloads;

namespace Strata.Server.Rendering;

/// <summary>
/// Where the apps a revision uses (<c>caas.uses</c>) are served in a cluster: for each, the service and port
/// of its route, read off the mapping of its serving revision. Unlike Local, whose gateway address of an
/// app depends on its name alone, a cluster address names a Service, which only the used app's mapping knows.
/// </summary>
internal static class UsedAppTargets
{
    /// <exception cref="StrataException">A used app has no serving revision, no loaded vertical or no route; the path is its <c>caas.uses[i]</c>.</exception>
    public static async Task<IReadOnlyDictionary<UsedApp, UsedAppTarget>> ResolveAsync(
        AppRevision revision, StateStore state, VerticalCatalog verticals, CancellationToken cancellationToken)
    {
        var targets = new Dictionary<UsedApp, UsedAppTarget>();
        var uses = revision.Manifest.Caas.Uses;
        for (var i = 0; i < uses.Count; i++)
        {
            var used = uses[i];
            var path = $"caas.uses[{i}]";
            string Refused(string why) =>
                $"App '{revision.App}' uses '{used}', {why}, so the Service it is served by in the cluster is not known. ";
            var usedRef = new AppRef(used.Vertical, used.App);
            var record = await state.GetAppAsync(usedRef, cancellationToken).ConfigureAwait(false);
            if (record?.CurrentRevision is not { } number
                || await state.GetRevisionAsync(usedRef, number, cancellationToken).ConfigureAwait(false) is not { } usedRevision)
            {
                throw new StrataException(Refused("which has no serving revision") + $"Deploy {used} first, then this app again (on Local the address needs no deployed app; on a cluster it does).", path);
            }

            if (!verticals.TryGetLoaded(used.Vertical, out var vertical))
            {
                throw new StrataException(Refused($"whose vertical '{used.Vertical}' is not loaded") + "Load the vertical, or remove the entry.", path);
            }

            // The used app's namespace admits only its own pods, the ingress and the host: a pod of this one would be refused.
            if (used.Vertical != revision.Vertical && vertical.Registration.ClusterPolicy is { IsolateNetwork: true })
            {
                throw new StrataException(
                    $"App '{revision.App}' uses '{used}', whose vertical isolates its namespace on a cluster (ClusterPolicy.IsolateNetwork), so pods of vertical '{revision.Vertical}' cannot reach it. Call it through its Ingress host instead (caas.env), or remove it from caas.uses.",
                    path);
            }

            WorkloadSet set;
            try
            {
                set = AppDeployer.Map(AppDeployer.ToAppRevision(usedRevision), vertical);
            }
            catch (Api.ApiException ex)
            {
                throw new StrataException(Refused($"whose revision {number} cannot be mapped ({ex.Message})") + "Fix and deploy that app first.", path);
            }

            // The route a client of the app's base address reaches: the one at '/', else the first by name.
            var route = set.Routes.OrderBy(r => r.PathPrefix == "/" ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new StrataException(Refused("which has no route") + "Only an app with a route can be used.", path);
            var port = set.Services.FirstOrDefault(s => s.Name == route.Service)?.Ports.FirstOrDefault(p => p.Name == route.Port)
                ?? throw new StrataException(Refused($"whose route leads to service '{route.Service}' of another app (a shared service, not mapped on Kubernetes)") + "Use an app with a service of its own.", path);
            targets[used] = new UsedAppTarget(route.Service, port.Port);
        }

        return targets;
    }
}
