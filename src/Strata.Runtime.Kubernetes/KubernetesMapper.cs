using k8s;
using k8s.Models;
using Strata.Core.Naming;
using Strata.Runtime.Kubernetes.Mapping;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// Maps an app revision's workload set onto Kubernetes objects. Pure: no I/O, the same input always
/// gives the same objects in the same order, so a render and a deploy agree and snapshots are stable.
/// </summary>
public static class KubernetesMapper
{
    /// <summary>
    /// The objects of <paramref name="revision"/>, in apply order: ConfigMaps, Secrets, Services,
    /// Deployments, HorizontalPodAutoscalers, Jobs, then Ingresses or HTTPRoutes; by name within a kind.
    /// The vertical's namespace is not among them: see <see cref="Namespace"/>.
    /// </summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set, as the vertical mapped it.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <exception cref="Strata.Core.StrataException">A workload has no OCI image, or the set refers to a service, port or settings set it does not have.</exception>
    public static IReadOnlyList<IKubernetesObject> Map(AppRevision revision, WorkloadSet set, KubernetesMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);

        var context = new MappingContext(revision, set, options);
        var services = set.Services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var objects = new List<IKubernetesObject>();
        objects.AddRange(set.Config.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => SettingsBuilder.ConfigMap(context, c)));
        objects.AddRange(set.Secrets.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => SettingsBuilder.Secret(context, s)));
        // A worker that listens on nothing gets no Service: Kubernetes refuses a ClusterIP Service without ports.
        objects.AddRange(services.Where(s => s.Ports.Count > 0).Select(s => ServiceBuilder.Build(context, s)));
        objects.AddRange(services.Select(s => DeploymentBuilder.Build(context, s)));
        objects.AddRange(services
            .Where(s => s.Autoscale is not null)
            .Select(s => AutoscalerBuilder.Build(context, s, s.Autoscale!)));
        objects.AddRange(set.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal).Select(j => JobBuilder.Build(context, j)));
        objects.AddRange(set.Routes.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => RouteBuilder.Build(context, r)));
        return objects;
    }

    /// <summary>
    /// The namespace of <paramref name="vertical"/> (<c>strata-&lt;vertical&gt;</c> by default): every
    /// vertical gets its own, so several share one cluster without colliding.
    /// </summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="options">The cluster's mapping options (for the prefix).</param>
    public static V1Namespace Namespace(string vertical, KubernetesMappingOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentNullException.ThrowIfNull(options);

        return new V1Namespace
        {
            ApiVersion = V1Namespace.KubeApiVersion,
            Kind = V1Namespace.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = StrataNames.Namespace(vertical, options.NamespacePrefix),
                Labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [StrataLabels.ManagedBy] = StrataLabels.ManagedByValue,
                    [StrataLabels.PartOf] = StrataLabels.ToLabelValue(vertical),
                    [StrataLabels.Vertical] = StrataLabels.ToLabelValue(vertical),
                },
                Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [StrataAnnotations.OwnedBy] = vertical,
                },
            },
        };
    }
}
