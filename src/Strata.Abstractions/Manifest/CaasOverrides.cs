using Strata.Workloads;

namespace Strata.Manifest;

/// <summary>
/// The <c>caas:</c> section of <c>strata.yaml</c>, shared by every vertical. The host applies it to
/// every service workload after the vertical's mapping, so that a user can tune the CaaS without
/// the vertical's help.
/// </summary>
public sealed record CaasOverrides
{
    /// <summary>Replicas for each service workload, when set.</summary>
    public int? Replicas { get; init; }

    /// <summary>Autoscale bounds for each service workload, when set.</summary>
    public AutoscaleBounds? Autoscale { get; init; }

    /// <summary>Resource requests for each workload, when set.</summary>
    public ResourceRequirements? Resources { get; init; }

    /// <summary>Environment variables added to every workload (they win over the vertical's).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The apps this app calls (<c>caas.uses</c>): each one's address is given to every workload under
    /// <c>services__&lt;app&gt;__http__0</c>, so <c>http://&lt;app&gt;</c> resolves through service discovery.
    /// </summary>
    public IReadOnlyList<UsedApp> Uses { get; init; } = [];

    /// <summary>Raw CaaS manifests (paths relative to the app folder); the drop-down to raw Kubernetes.</summary>
    public IReadOnlyList<string> Raw { get; init; } = [];

    /// <summary>Patches to the mapped objects (paths relative to the app folder); Kubernetes runtime only.</summary>
    public IReadOnlyList<string> Patches { get; init; } = [];
}
