using Strata.Policy;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// What a revision's Kubernetes objects are made of besides its workload set: its vertical's cluster policy
/// and the app's raw manifests and patches. A render and a deploy get them from the same place
/// (<see cref="IClusterInputs"/>), so a render shows exactly what a deploy applies.
/// </summary>
/// <param name="Policy">The vertical's cluster policy, when it declared one.</param>
/// <param name="Raw">The app's raw manifests and patches (<see cref="RawInputs.None"/> when it names none).</param>
public sealed record ClusterInputs(ClusterPolicy? Policy, RawInputs Raw)
{
    /// <summary>No policy, no raw manifests or patches.</summary>
    public static ClusterInputs None { get; } = new(null, RawInputs.None);
}
