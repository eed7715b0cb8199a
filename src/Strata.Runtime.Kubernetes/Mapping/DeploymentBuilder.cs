using k8s.Models;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Service workload → Deployment.</summary>
internal static class DeploymentBuilder
{
    public static V1Deployment Build(MappingContext context, ServiceWorkload service) => new()
    {
        ApiVersion = "apps/v1",
        Kind = V1Deployment.KubeKind,
        Metadata = context.Metadata(service.Name),
        Spec = new V1DeploymentSpec
        {
            // Left out under autoscaling: a replica count here would fight the HPA on every apply.
            Replicas = service.Autoscale is null ? service.Replicas : null,
            Selector = new V1LabelSelector { MatchLabels = context.SelectorLabels(service.Name) },
            // Zero unavailable: a new replica must be ready before an old one goes, as on Local.
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Labels = context.Labels(service.Name),
                    Annotations = context.OwnerAnnotations(),
                },
                Spec = new V1PodSpec { Containers = [Container(context, service)], Volumes = VolumeBuilder.PodVolumes(context, service.Volumes, service.Name) },
            },
        },
    };

    private static V1Container Container(MappingContext context, ServiceWorkload service) => new()
    {
        Name = service.Name,
        Image = ContainerImage.For(service.Artifact, service.Name, context.App),
        Command = PodSpecs.Command(service.Artifact),
        Args = PodSpecs.NullIfEmpty(service.Args),
        Ports = service.Ports.Count == 0 ? null : [.. service.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" })],
        Env = PodSpecs.Env(context, service.Ports.FirstOrDefault()?.Port, service.Env, VolumeBuilder.Environment(service.Volumes)),
        EnvFrom = PodSpecs.EnvFrom(context, service.EnvFrom, service.Name),
        Resources = PodSpecs.Resources(service.Resources),
        ReadinessProbe = PodSpecs.Probe(service.Readiness),
        LivenessProbe = PodSpecs.Probe(service.Liveness),
        VolumeMounts = VolumeBuilder.Mounts(service.Volumes),
    };
}
