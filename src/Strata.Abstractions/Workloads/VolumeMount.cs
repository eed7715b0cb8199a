namespace Strata.Workloads;

/// <summary>
/// Where a workload sees one of its app's <see cref="PersistentVolume"/>s. The workload finds it in the
/// environment variable <c>STRATA_VOLUME_&lt;NAME&gt;</c> (upper case, <c>-</c> → <c>_</c>), whose value is the
/// folder to use: <see cref="Path"/> in a container or pod, the host folder for a local process (which
/// cannot mount). Code that reads the variable runs unchanged on both runtimes.
/// </summary>
public sealed record VolumeMount
{
    /// <summary>The name of a volume in <see cref="WorkloadSet.Volumes"/>.</summary>
    public required string Volume { get; init; }

    /// <summary>The absolute path inside a container or pod, e.g. <c>/data</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Mounts the volume read-only.</summary>
    public bool ReadOnly { get; init; }
}
