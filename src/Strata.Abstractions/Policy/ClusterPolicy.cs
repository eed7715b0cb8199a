using Strata.Workloads;

namespace Strata.Policy;

/// <summary>
/// What a vertical asks of the namespace its apps share on a cluster: a quota on the whole namespace,
/// default requests and limits for containers that set none, and network isolation. Each part is
/// optional; a runtime without namespaces (Local) ignores the policy.
/// </summary>
public sealed record ClusterPolicy
{
    /// <summary>Caps on everything the vertical's apps request together (a ResourceQuota on Kubernetes); none when null.</summary>
    public NamespaceQuota? Quota { get; init; }

    /// <summary>
    /// Requests (<see cref="ResourceRequirements.Cpu"/>, <see cref="ResourceRequirements.Memory"/>) and limits
    /// (<see cref="ResourceRequirements.CpuLimit"/>, <see cref="ResourceRequirements.MemoryLimit"/>) given to a
    /// container that sets none (a LimitRange on Kubernetes); none when null. A quota on CPU or memory
    /// makes the cluster refuse pods without requests, so set these with a quota.
    /// </summary>
    public ResourceRequirements? ContainerDefaults { get; init; }

    /// <summary>
    /// Isolates the namespace (a NetworkPolicy on Kubernetes): pods accept traffic from pods of the same
    /// namespace, from the ingress or gateway namespace and from the Strata host's namespace, and from nothing else.
    /// </summary>
    public bool IsolateNetwork { get; init; }
}
