namespace Strata.Workloads;

/// <summary>Compute resources in Kubernetes quantity notation (<c>500m</c>, <c>256Mi</c>).</summary>
public sealed record ResourceRequirements
{
    /// <summary>CPU request.</summary>
    public string? Cpu { get; init; }

    /// <summary>Memory request.</summary>
    public string? Memory { get; init; }

    /// <summary>CPU limit; none when null.</summary>
    public string? CpuLimit { get; init; }

    /// <summary>Memory limit; defaults to the memory request on runtimes that need one.</summary>
    public string? MemoryLimit { get; init; }
}
