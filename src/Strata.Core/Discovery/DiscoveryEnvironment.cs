using Strata.Manifest;
using Strata.Workloads;

namespace Strata.Core.Discovery;

/// <summary>
/// Builds the discovery environment every workload gets, with the same keys on every runtime:
/// <c>services__&lt;service&gt;__&lt;port&gt;__0</c> for each service of the app (the convention that
/// Microsoft.Extensions.ServiceDiscovery reads), <c>services__&lt;app&gt;__http__0</c> for each app it uses
/// (<c>caas.uses</c>), plus <c>STRATA_APP</c>, <c>STRATA_VERTICAL</c>,
/// <c>STRATA_REVISION</c> and <c>PORT</c>.
/// </summary>
public static class DiscoveryEnvironment
{
    /// <summary>The app name key.</summary>
    public const string AppKey = "STRATA_APP";

    /// <summary>The vertical name key.</summary>
    public const string VerticalKey = "STRATA_VERTICAL";

    /// <summary>The revision number key.</summary>
    public const string RevisionKey = "STRATA_REVISION";

    /// <summary>The key naming the port the workload listens on.</summary>
    public const string PortKey = "PORT";

    /// <summary>The discovery key of one service port, e.g. <c>services__api__http__0</c>.</summary>
    public static string ServiceKey(string service, string port = "http", int index = 0) => $"services__{service}__{port}__{index}";

    /// <summary>The discovery key of an app of <c>caas.uses</c>: <c>services__&lt;app&gt;__http__0</c>, so <c>http://&lt;app&gt;</c> resolves.</summary>
    public static string UsedAppKey(UsedApp used)
    {
        ArgumentNullException.ThrowIfNull(used);
        return ServiceKey(used.App);
    }

    /// <summary>
    /// The discovery variables of a workload of <paramref name="revision"/>. Does not include the
    /// workload's own env: callers layer that on top, so an explicit setting wins.
    /// </summary>
    /// <param name="revision">The revision the workload belongs to.</param>
    /// <param name="workloads">The app's workload set: every service in it is discoverable.</param>
    /// <param name="serviceUri">Where a service port answers on this runtime: (service, port name) → base URL.</param>
    /// <param name="port">The port this workload listens on, when it is a service.</param>
    /// <param name="usedAppUri">
    /// Where an app of <c>caas.uses</c> answers on this runtime (its base URL, as a client calls it); required
    /// when the revision uses apps. An app's own service of the same key wins (the manifest check refuses that).
    /// </param>
    public static IReadOnlyDictionary<string, string> Build(
        AppRevision revision,
        WorkloadSet workloads,
        Func<string, string, Uri> serviceUri,
        int? port,
        Func<UsedApp, Uri>? usedAppUri = null)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(serviceUri);

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AppKey] = revision.App,
            [VerticalKey] = revision.Vertical,
            [RevisionKey] = revision.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (port is { } p)
        {
            env[PortKey] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var uses = revision.Manifest.Caas.Uses;
        if (uses.Count > 0)
        {
            if (usedAppUri is null)
            {
                throw new ArgumentNullException(nameof(usedAppUri), $"Revision {revision.Number} of {revision.Vertical}/{revision.App} uses other apps (caas.uses); the runtime must say where they answer.");
            }

            foreach (var used in uses)
            {
                env[UsedAppKey(used)] = usedAppUri(used).ToString().TrimEnd('/');
            }
        }

        foreach (var service in workloads.Services)
        {
            foreach (var servicePort in service.Ports)
            {
                env[ServiceKey(service.Name, servicePort.Name)] = serviceUri(service.Name, servicePort.Name).ToString().TrimEnd('/');
            }
        }

        return env;
    }
}
