using k8s.Models;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Config sets → ConfigMaps, secret sets → Secrets.</summary>
internal static class SettingsBuilder
{
    public static V1ConfigMap ConfigMap(MappingContext context, ConfigSet config) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = context.Metadata(config.Name, component: null),
        Data = Sorted(config.Data),
    };

    // stringData: the API server encodes it; the values are as secret as the workload set they came from.
    public static V1Secret Secret(MappingContext context, SecretSet secret) => new()
    {
        ApiVersion = V1Secret.KubeApiVersion,
        Kind = V1Secret.KubeKind,
        Metadata = context.Metadata(secret.Name, component: null),
        Type = "Opaque",
        StringData = Sorted(secret.Data),
    };

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> data) =>
        new(data.ToDictionary(), StringComparer.Ordinal);
}
