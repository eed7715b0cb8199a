namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>What an apply did: the objects it applied (in order) and the stale ones it pruned.</summary>
/// <param name="Applied">Every object of the app, server-side applied, in apply order.</param>
/// <param name="Pruned">Objects of the app that the new set no longer has, deleted after the rollout.</param>
public sealed record KubernetesApplyResult(IReadOnlyList<KubernetesObjectRef> Applied, IReadOnlyList<KubernetesObjectRef> Pruned);
