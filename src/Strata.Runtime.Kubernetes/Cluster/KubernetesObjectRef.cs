namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>One object on the cluster, named as errors and progress lines name it.</summary>
/// <param name="Kind">The kind, e.g. <c>Deployment</c>.</param>
/// <param name="Namespace">The namespace; null for cluster-scoped objects (a Namespace).</param>
/// <param name="Name">The object's name.</param>
public sealed record KubernetesObjectRef(string Kind, string? Namespace, string Name)
{
    /// <summary><c>Deployment strata-functions/hello</c>, or <c>Namespace strata-functions</c>.</summary>
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
