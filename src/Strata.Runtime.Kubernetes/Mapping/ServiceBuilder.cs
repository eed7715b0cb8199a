using k8s.Models;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Service workload → ClusterIP Service: the stable DNS name discovery URLs point at.</summary>
internal static class ServiceBuilder
{
    public static V1Service Build(MappingContext context, ServiceWorkload service) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = context.Metadata(service.Name),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            // The selector has no revision: replicas of the old and new revision both serve during a rollout.
            Selector = context.SelectorLabels(service.Name),
            Ports = [.. service.Ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Name, Protocol = "TCP" })],
        },
    };
}
