using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Core.Manifest;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// What it takes to run the Strata host itself in a cluster (<c>strata render --host</c>): its namespace,
/// a service account bound to a least-privilege ClusterRole, a volume for its state, one Deployment and
/// a Service. Pure, like <see cref="KubernetesMapper"/>.
/// </summary>
public static class HostManifests
{
    /// <summary>The host's namespace unless told otherwise.</summary>
    public const string DefaultNamespace = "strata-system";

    /// <summary>The name of the host's objects (service account, role, volume claim, Deployment, Service).</summary>
    public const string Name = "strata";

    private const string DataPath = "/var/lib/strata";

    // The user the .NET container images run as ('app'); the volume is made writable for its group.
    private const long AppUser = 1654;

    private static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>The objects, in apply order: Namespace, ServiceAccount, ClusterRole, ClusterRoleBinding, PersistentVolumeClaim, Deployment, Service.</summary>
    /// <param name="options">Image, namespace and storage.</param>
    /// <exception cref="StrataException">An option is not valid (the path names it, e.g. <c>storageSize</c>).</exception>
    public static IReadOnlyList<IKubernetesObject> Build(HostManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(options);

        var labels = Labels();
        return
        [
            new V1Namespace
            {
                ApiVersion = V1Namespace.KubeApiVersion,
                Kind = V1Namespace.KubeKind,
                Metadata = new V1ObjectMeta { Name = options.Namespace, Labels = Labels() },
            },
            new V1ServiceAccount
            {
                ApiVersion = V1ServiceAccount.KubeApiVersion,
                Kind = V1ServiceAccount.KubeKind,
                Metadata = Metadata(options),
            },
            new V1ClusterRole
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = V1ClusterRole.KubeKind,
                Metadata = new V1ObjectMeta { Name = Name, Labels = labels },
                Rules = Rules(),
            },
            new V1ClusterRoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = V1ClusterRoleBinding.KubeKind,
                Metadata = new V1ObjectMeta { Name = Name, Labels = labels },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = V1ClusterRole.KubeKind, Name = Name },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Name, NamespaceProperty = options.Namespace }],
            },
            new V1PersistentVolumeClaim
            {
                ApiVersion = V1PersistentVolumeClaim.KubeApiVersion,
                Kind = V1PersistentVolumeClaim.KubeKind,
                Metadata = Metadata(options),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = options.StorageClassName,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(options.StorageSize) } },
                },
            },
            Deployment(options),
            new V1Service
            {
                ApiVersion = V1Service.KubeApiVersion,
                Kind = V1Service.KubeKind,
                Metadata = Metadata(options),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = Selector(),
                    Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http", Protocol = "TCP" }],
                },
            },
        ];
    }

    /// <summary>
    /// Only what the mapping, apply (server-side apply is a PATCH), rollout watches, prune and status need:
    /// the kinds Strata maps, read access to pods, their logs and events, and the volume readers' pods and exec. Apps whose <c>caas.raw</c> holds
    /// other kinds need the operator to add those kinds here.
    /// </summary>
    private static List<V1PolicyRule> Rules() =>
    [
        // Namespaces are created per vertical and never deleted by Strata (they may hold others' objects).
        Rule("", ["namespaces"], ["get", "list", "watch", "create", "patch"]),
        Rule("", ["services", "configmaps", "secrets", "resourcequotas", "limitranges"], ReadWrite),
        Rule("", ["events"], ["get", "list", "watch"]),
        // Pods are read for status and logs; the volume readers (Volumes/) are the only pods the host makes itself.
        Rule("", ["pods"], ["get", "list", "watch", "create", "patch", "delete"]),
        Rule("", ["pods/log"], ["get"]),
        // The volume readers copy an app's claim out with tar over exec (a WebSocket GET, authorized as create on newer clusters).
        Rule("", ["pods/exec"], ["create", "get"]),
        Rule("apps", ["deployments"], ReadWrite),
        Rule("batch", ["jobs"], ReadWrite),
        Rule("autoscaling", ["horizontalpodautoscalers"], ReadWrite),
        Rule("networking.k8s.io", ["ingresses", "networkpolicies"], ReadWrite),
        Rule("gateway.networking.k8s.io", ["httproutes"], ReadWrite),
    ];

    private static V1PolicyRule Rule(string group, string[] resources, string[] verbs) =>
        new() { ApiGroups = [group], Resources = [.. resources], Verbs = [.. verbs] };

    private static V1Deployment Deployment(HostManifestOptions options) => new()
    {
        ApiVersion = "apps/v1",
        Kind = V1Deployment.KubeKind,
        Metadata = Metadata(options),
        Spec = new V1DeploymentSpec
        {
            // One writer: the state is a SQLite file on a ReadWriteOnce volume, so the old pod must be gone
            // (Recreate) before the new one opens it.
            Replicas = 1,
            Strategy = new V1DeploymentStrategy { Type = "Recreate" },
            Selector = new V1LabelSelector { MatchLabels = Selector() },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Labels() },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = Name,
                    SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = AppUser, RunAsGroup = AppUser, FsGroup = AppUser },
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "host",
                            Image = options.Image,
                            Args = ["up", "--address", "0.0.0.0", "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", DataPath],
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = options.Port, Protocol = "TCP" }],
                            Env = [new V1EnvVar { Name = "STRATA_Strata__Kubernetes__HostNamespace", Value = options.Namespace }],
                            VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = DataPath }],
                            ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" }, PeriodSeconds = 5 },
                            LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" }, PeriodSeconds = 10, FailureThreshold = 6 },
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("512Mi") },
                                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") },
                            },
                            SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                        },
                    ],
                    Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Name } }],
                },
            },
        },
    };

    private static void Check(HostManifestOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Image) || options.Image.Any(char.IsWhiteSpace))
        {
            throw new StrataException($"'{options.Image}' is not an image reference; pass one such as registry.example.com/strata-host:1.0.", "image");
        }

        if (Core.Naming.StrataNames.CheckDnsLabel(options.Namespace) is { } problem)
        {
            throw new StrataException($"The namespace {problem}", "namespace");
        }

        if (!KubernetesQuantity.IsValid(options.StorageSize))
        {
            throw new StrataException($"'{options.StorageSize}' is not a Kubernetes quantity such as 10Gi.", "storageSize");
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new StrataException($"Port {options.Port} is not between 1 and 65535.", "port");
        }
    }

    private static V1ObjectMeta Metadata(HostManifestOptions options) => new() { Name = Name, NamespaceProperty = options.Namespace, Labels = Labels() };

    private static SortedDictionary<string, string> Selector() => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/component"] = "host",
        ["app.kubernetes.io/name"] = Name,
    };

    private static SortedDictionary<string, string> Labels() => new(Selector(), StringComparer.Ordinal)
    {
        ["app.kubernetes.io/part-of"] = Name,
    };
}
