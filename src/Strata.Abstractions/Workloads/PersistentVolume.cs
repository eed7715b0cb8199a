namespace Strata.Workloads;

/// <summary>
/// Storage of an app that outlives its revisions, replicas and restarts: a folder under the host's
/// data directory on Local, a PersistentVolumeClaim on Kubernetes. A workload sees it through a
/// <see cref="VolumeMount"/>. A revision that stops declaring a volume does not delete its data; only
/// deleting the app does.
/// </summary>
public sealed record PersistentVolume
{
    /// <summary>The volume name, DNS-safe and unique within the app (e.g. <c>data</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The storage requested, as a Kubernetes quantity (<c>1Gi</c>). Local does not enforce it.</summary>
    public string Size { get; init; } = "1Gi";

    /// <summary>
    /// Who may mount it at once. <see cref="VolumeAccess.ReadWriteOnce"/> suits one database process;
    /// parallel job tasks on a cluster need <see cref="VolumeAccess.ReadWriteMany"/> (and a storage
    /// class that offers it).
    /// </summary>
    public VolumeAccess Access { get; init; } = VolumeAccess.ReadWriteOnce;
}
