using Strata.Policy;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// What a revision's Kubernetes objects are made of besides its workload set: its vertical's cluster policy
/// the app's raw manifests and patches, and where the apps it uses are served. A render and a deploy get them from the same place
/// (<see cref="IClusterInputs"/>), so a render shows exactly what a deploy applies.
/// </summary>
/// <param name="Policy">The vertical's cluster policy, when it declared one.</param>
/// <param name="Raw">The app's raw manifests and patches (<see cref="RawInputs.None"/> when it names none).</param>
public sealed record ClusterInputs(ClusterPolicy? Policy, RawInputs Raw)
{
    /// <summary>No policy, no raw manifests or patches.</summary>
    public static ClusterInputs None { get; } = new(null, RawInputs.None);

    /// <summary>
    /// Where each app of the revision's <c>caas.uses</c> is served in the cluster; an app missing here makes
    /// the mapping refuse the revision, naming its <c>caas.uses</c> entry.
    /// </summary>
    public IReadOnlyDictionary<Strata.Manifest.UsedApp, UsedAppTarget> Uses { get; init; } = new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget>();
}
