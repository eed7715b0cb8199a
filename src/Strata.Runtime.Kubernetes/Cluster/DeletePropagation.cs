namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>How Kubernetes removes what a deleted object owns (a Deployment's ReplicaSets and pods).</summary>
public enum DeletePropagation
{
    /// <summary>The object goes at once; the garbage collector removes its dependents afterwards.</summary>
    Background,

    /// <summary>The object stays (with a deletion timestamp) until its dependents are gone.</summary>
    Foreground,
}
