namespace Strata.Workloads;

/// <summary>Autoscaling between <see cref="Min"/> and <see cref="Max"/> replicas on in-flight requests.</summary>
/// <param name="Min">Fewest replicas; 0 allows scale to zero.</param>
/// <param name="Max">Most replicas.</param>
public sealed record AutoscaleBounds(int Min, int Max)
{
    /// <summary>Target in-flight requests per replica.</summary>
    public int TargetInFlight { get; init; } = 10;

    /// <summary>Idle time after which a service with <see cref="Min"/> = 0 scales to zero.</summary>
    public int ScaleToZeroAfterSeconds { get; init; } = 300;
}
