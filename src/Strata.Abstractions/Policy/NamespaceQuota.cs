namespace Strata.Policy;

/// <summary>
/// Caps on the sum over all pods of a vertical's namespace, in Kubernetes quantity notation
/// (<c>4</c>, <c>500m</c>, <c>8Gi</c>). A cap left null is not capped.
/// </summary>
public sealed record NamespaceQuota
{
    /// <summary>The most CPU all containers may request together.</summary>
    public string? RequestsCpu { get; init; }

    /// <summary>The most memory all containers may request together.</summary>
    public string? RequestsMemory { get; init; }

    /// <summary>The highest sum of CPU limits.</summary>
    public string? LimitsCpu { get; init; }

    /// <summary>The highest sum of memory limits.</summary>
    public string? LimitsMemory { get; init; }

    /// <summary>The most pods that may exist at once (running, pending or not yet removed).</summary>
    public int? Pods { get; init; }
}
