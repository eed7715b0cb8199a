using k8s.Models;
using Strata.Core;
using Strata.Core.Discovery;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>
/// Persistent volumes → PersistentVolumeClaims (<c>&lt;app&gt;-&lt;volume&gt;</c>, the cluster's default storage
/// class), and a workload's mounts → pod volumes, container mounts and <c>STRATA_VOLUME_*</c> variables.
/// </summary>
internal static class VolumeBuilder
{
    public static V1PersistentVolumeClaim Claim(MappingContext context, PersistentVolume volume) => new()
    {
        ApiVersion = "v1",
        Kind = V1PersistentVolumeClaim.KubeKind,
        Metadata = context.Metadata(volume.Name, component: null),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = [volume.Access == VolumeAccess.ReadWriteMany ? "ReadWriteMany" : "ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(volume.Size) } },
        },
    };

    /// <summary>The pod's volumes, one per distinct volume the workload mounts; null when none.</summary>
    public static List<V1Volume>? PodVolumes(MappingContext context, IReadOnlyList<VolumeMount> mounts, string workload)
    {
        if (mounts.Count == 0)
        {
            return null;
        }

        foreach (var mount in mounts.Where(m => context.Set.Volumes.All(v => v.Name != m.Volume)))
        {
            throw new StrataException(
                $"Workload '{workload}' of app '{context.App}' mounts volume '{mount.Volume}', but the workload set has no volume of that name. Add it to WorkloadSet.Volumes.",
                $"{workload}.volumes");
        }

        return [.. mounts.Select(m => m.Volume).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name => new V1Volume
        {
            Name = name,
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = context.ObjectName(name) },
        })];
    }

    /// <summary>The container's mounts; null when none.</summary>
    public static List<V1VolumeMount>? Mounts(IReadOnlyList<VolumeMount> mounts) => mounts.Count == 0
        ? null
        : [.. mounts.Select(m => new V1VolumeMount { Name = m.Volume, MountPath = m.Path, ReadOnlyProperty = m.ReadOnly ? true : null })];

    /// <summary>The <c>STRATA_VOLUME_*</c> variables: the mount paths.</summary>
    public static IReadOnlyDictionary<string, string> Environment(IReadOnlyList<VolumeMount> mounts) =>
        VolumeEnvironment.Build(mounts, m => m.Path);
}
