namespace Strata.Workloads;

/// <summary>How many nodes may mount a <see cref="PersistentVolume"/> read-write at once (Kubernetes access modes).</summary>
public enum VolumeAccess
{
    /// <summary>One node at a time (<c>ReadWriteOnce</c>).</summary>
    ReadWriteOnce,

    /// <summary>Many nodes at once (<c>ReadWriteMany</c>).</summary>
    ReadWriteMany,
}
