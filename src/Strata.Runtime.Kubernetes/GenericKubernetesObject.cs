using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// A Kubernetes object of a kind KubernetesClient has no model for (e.g. a Gateway API HTTPRoute),
/// with its spec as plain maps and lists. Maps keep insertion order, so renders stay stable.
/// </summary>
public sealed class GenericKubernetesObject : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The group and version, e.g. <c>gateway.networking.k8s.io/v1</c>.</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>The kind, e.g. <c>HTTPRoute</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The object's metadata.</summary>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The spec: string keys to strings, numbers, maps and lists.</summary>
    public IDictionary<string, object> Spec { get; set; } = new Dictionary<string, object>();
}
