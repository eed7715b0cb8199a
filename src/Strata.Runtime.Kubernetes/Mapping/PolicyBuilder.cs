using System.Globalization;
using k8s.Models;
using Strata.Core.Naming;
using Strata.Policy;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>A vertical's <see cref="ClusterPolicy"/> → ResourceQuota, LimitRange and NetworkPolicy in its namespace.</summary>
internal static class PolicyBuilder
{
    // One of each per namespace, and a namespace per vertical: fixed names will do.
    public const string QuotaName = "strata-quota";
    public const string LimitsName = "strata-container-defaults";
    public const string IsolationName = "strata-isolation";

    // The label every namespace carries since Kubernetes 1.21, so a policy can select a namespace by name.
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static V1ResourceQuota? Quota(string vertical, NamespaceQuota? quota, KubernetesMappingOptions options)
    {
        if (quota is null)
        {
            return null;
        }

        var hard = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        Add(hard, "requests.cpu", quota.RequestsCpu);
        Add(hard, "requests.memory", quota.RequestsMemory);
        Add(hard, "limits.cpu", quota.LimitsCpu);
        Add(hard, "limits.memory", quota.LimitsMemory);
        Add(hard, "pods", quota.Pods?.ToString(CultureInfo.InvariantCulture));
        return hard.Count == 0 ? null : new V1ResourceQuota
        {
            ApiVersion = V1ResourceQuota.KubeApiVersion,
            Kind = V1ResourceQuota.KubeKind,
            Metadata = Metadata(QuotaName, vertical, options),
            Spec = new V1ResourceQuotaSpec { Hard = hard },
        };
    }

    public static V1LimitRange? Limits(string vertical, Workloads.ResourceRequirements? defaults, KubernetesMappingOptions options)
    {
        if (defaults is null)
        {
            return null;
        }

        var requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        Add(requests, "cpu", defaults.Cpu);
        Add(requests, "memory", defaults.Memory);
        var limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        Add(limits, "cpu", defaults.CpuLimit);
        Add(limits, "memory", defaults.MemoryLimit);
        return requests.Count == 0 && limits.Count == 0 ? null : new V1LimitRange
        {
            ApiVersion = V1LimitRange.KubeApiVersion,
            Kind = V1LimitRange.KubeKind,
            Metadata = Metadata(LimitsName, vertical, options),
            Spec = new V1LimitRangeSpec
            {
                Limits =
                [
                    new V1LimitRangeItem
                    {
                        Type = "Container",
                        DefaultRequest = requests.Count == 0 ? null : requests,
                        DefaultProperty = limits.Count == 0 ? null : limits,
                    },
                ],
            },
        };
    }

    public static V1NetworkPolicy? Isolation(string vertical, bool isolate, KubernetesMappingOptions options)
    {
        if (!isolate)
        {
            return null;
        }

        // Ingress only: egress stays open, since apps call databases and APIs outside the cluster.
        var peers = new List<V1NetworkPolicyPeer> { new() { PodSelector = new V1LabelSelector() } };
        var namespaces = new[] { options.IngressNamespace, options.HostNamespace, options.UseGatewayApi ? options.GatewayNamespace : null }
            .Where(n => !string.IsNullOrEmpty(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        peers.AddRange(namespaces.Select(n => new V1NetworkPolicyPeer
        {
            NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NamespaceNameLabel] = n! } },
        }));
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = Metadata(IsolationName, vertical, options),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Ingress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = peers }],
            },
        };
    }

    public static V1ObjectMeta Metadata(string name, string vertical, KubernetesMappingOptions options) => new()
    {
        Name = name,
        NamespaceProperty = StrataNames.Namespace(vertical, options.NamespacePrefix),
        Labels = VerticalLabels(vertical),
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { [StrataAnnotations.OwnedBy] = vertical },
    };

    public static SortedDictionary<string, string> VerticalLabels(string vertical) => new(StringComparer.Ordinal)
    {
        [StrataLabels.ManagedBy] = StrataLabels.ManagedByValue,
        [StrataLabels.PartOf] = StrataLabels.ToLabelValue(vertical),
        [StrataLabels.Vertical] = StrataLabels.ToLabelValue(vertical),
    };

    private static void Add(IDictionary<string, ResourceQuantity> quantities, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            quantities[name] = new ResourceQuantity(value);
        }
    }
}
