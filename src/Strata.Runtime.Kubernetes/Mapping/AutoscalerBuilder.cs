using System.Globalization;
using k8s.Models;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>Autoscale bounds → HorizontalPodAutoscaler (autoscaling/v2).</summary>
internal static class AutoscalerBuilder
{
    /// <summary>
    /// The per-pod metric the HPA scales on. Autoscale bounds mean "in-flight requests per replica"
    /// on every runtime, so the HPA scales on that, not on CPU: a CPU target would quietly give the
    /// same manifest another meaning on Kubernetes. It is a custom metric, so the cluster needs a
    /// metrics adapter (e.g. prometheus-adapter) serving it through custom.metrics.k8s.io; without
    /// one the HPA keeps the replica count within the bounds but does not scale.
    /// </summary>
    public const string InFlightMetric = "strata_inflight_requests";

    public static V2HorizontalPodAutoscaler Build(MappingContext context, ServiceWorkload service, AutoscaleBounds bounds) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = V2HorizontalPodAutoscaler.KubeKind,
        Metadata = context.Metadata(service.Name),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference
            {
                ApiVersion = "apps/v1",
                Kind = V1Deployment.KubeKind,
                Name = context.ObjectName(service.Name),
            },
            // An HPA cannot go below one replica (scale to zero needs the HPAScaleToZero gate, KEDA
            // or Knative), so Min = 0 becomes 1 here.
            MinReplicas = Math.Max(1, bounds.Min),
            MaxReplicas = Math.Max(1, bounds.Max),
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Pods",
                    Pods = new V2PodsMetricSource
                    {
                        Metric = new V2MetricIdentifier { Name = InFlightMetric },
                        Target = new V2MetricTarget
                        {
                            Type = "AverageValue",
                            AverageValue = new ResourceQuantity(bounds.TargetInFlight.ToString(CultureInfo.InvariantCulture)),
                        },
                    },
                },
            ],
        },
    };
}
