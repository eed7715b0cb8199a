using Strata.Core.Naming;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// How workload sets land on a cluster: the namespace prefix, the cluster DNS domain and how routes
/// are exposed (Ingress or Gateway API). Bound from <c>Strata:Kubernetes</c>.
/// </summary>
public sealed record KubernetesMappingOptions
{
    /// <summary>Put in front of the vertical name to make its namespace, e.g. <c>strata-functions</c>.</summary>
    public string NamespacePrefix { get; init; } = StrataNames.DefaultNamespacePrefix;

    /// <summary>The cluster DNS domain that service URLs in the discovery environment end with.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The Ingress class routes use; the cluster's default class when null.</summary>
    public string? IngressClassName { get; init; }

    /// <summary>Expose routes as Gateway API HTTPRoutes instead of Ingresses.</summary>
    public bool UseGatewayApi { get; init; }

    /// <summary>The Gateway HTTPRoutes attach to; required when <see cref="UseGatewayApi"/> is set.</summary>
    public string? GatewayName { get; init; }

    /// <summary>The namespace of <see cref="GatewayName"/>; the route's own namespace when null.</summary>
    public string? GatewayNamespace { get; init; }

    /// <summary>
    /// The DNS suffix of app hosts, e.g. <c>apps.example.com</c>: a route without a host gets
    /// <c>&lt;app&gt;.&lt;vertical&gt;.&lt;suffix&gt;</c>. Routes without a host match any host when null.
    /// </summary>
    public string? HostSuffix { get; init; }

    /// <summary>
    /// The namespace of the ingress controller (or Gateway implementation) whose pods forward app traffic;
    /// an isolated vertical namespace (<see cref="Strata.Policy.ClusterPolicy.IsolateNetwork"/>) accepts traffic from it.
    /// </summary>
    public string IngressNamespace { get; init; } = "ingress-nginx";

    /// <summary>The namespace the Strata host runs in (see <see cref="HostManifests"/>); isolated namespaces accept traffic from it too.</summary>
    public string HostNamespace { get; init; } = HostManifests.DefaultNamespace;

    /// <summary>
    /// The image of the pods that fire scheduled requests (one CronJob per schedule): any image with
    /// <c>curl</c> on its PATH. Pin it by digest, or mirror it, where the cluster cannot pull from Docker Hub.
    /// </summary>
    public string ScheduleCallerImage { get; init; } = "docker.io/curlimages/curl:8.11.1";

    /// <summary>
    /// The image of the pods that read an app's volume claim for the host (<see cref="Volumes.KubernetesVolumeReader"/>):
    /// any image with <c>sh</c>, <c>sleep</c> and <c>tar</c>. Pin it by digest, or mirror it, where the cluster cannot pull from Docker Hub.
    /// </summary>
    public string VolumeReaderImage { get; init; } = "docker.io/library/busybox:1.36";
}
