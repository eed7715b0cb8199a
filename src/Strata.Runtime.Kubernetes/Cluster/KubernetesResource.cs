using k8s;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// Where the API serves one kind: its group, version and plural, and whether its objects live in a
/// namespace. The path follows from these: <c>/api/v1/...</c> for the core group,
/// <c>/apis/&lt;group&gt;/&lt;version&gt;/...</c> for the others.
/// </summary>
internal sealed record KubernetesResource(string Kind, string Group, string Version, string Plural, bool Namespaced)
{
    // The kinds Strata maps (KubernetesMapper), the ones raw manifests and the quota/policy mapping
    // commonly add, and Gateway API routes. Keyed by group and kind: the version comes from the object.
    private static readonly (string Group, string Kind, string Plural, bool Namespaced)[] Known =
    [
        ("", "Namespace", "namespaces", false),
        ("", "ConfigMap", "configmaps", true),
        ("", "Secret", "secrets", true),
        ("", "Service", "services", true),
        ("", "ServiceAccount", "serviceaccounts", true),
        ("", "ResourceQuota", "resourcequotas", true),
        ("", "LimitRange", "limitranges", true),
        ("", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        ("apps", "Deployment", "deployments", true),
        ("apps", "StatefulSet", "statefulsets", true),
        ("apps", "DaemonSet", "daemonsets", true),
        ("batch", "Job", "jobs", true),
        ("batch", "CronJob", "cronjobs", true),
        ("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        ("networking.k8s.io", "Ingress", "ingresses", true),
        ("networking.k8s.io", "NetworkPolicy", "networkpolicies", true),
        ("policy", "PodDisruptionBudget", "poddisruptionbudgets", true),
        ("rbac.authorization.k8s.io", "Role", "roles", true),
        ("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true),
        ("gateway.networking.k8s.io", "HTTPRoute", "httproutes", true),
    ];

    /// <summary>
    /// The namespaced kinds an app's objects can have, at the version prune and delete list them with.
    /// An app object of a kind that is not here is still found when it is in the app's current set.
    /// </summary>
    public static IReadOnlyList<KubernetesResource> AppKinds { get; } =
    [
        new("ConfigMap", "", "v1", "configmaps", true),
        new("Secret", "", "v1", "secrets", true),
        new("Service", "", "v1", "services", true),
        new("ServiceAccount", "", "v1", "serviceaccounts", true),
        new("ResourceQuota", "", "v1", "resourcequotas", true),
        new("LimitRange", "", "v1", "limitranges", true),
        new("PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", true),
        new("Deployment", "apps", "v1", "deployments", true),
        new("StatefulSet", "apps", "v1", "statefulsets", true),
        new("DaemonSet", "apps", "v1", "daemonsets", true),
        new("Job", "batch", "v1", "jobs", true),
        new("CronJob", "batch", "v1", "cronjobs", true),
        new("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true),
        new("Ingress", "networking.k8s.io", "v1", "ingresses", true),
        new("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true),
        new("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true),
        new("Role", "rbac.authorization.k8s.io", "v1", "roles", true),
        new("RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings", true),
        new("HTTPRoute", "gateway.networking.k8s.io", "v1", "httproutes", true),
    ];

    /// <summary><c>deployments.apps</c>, <c>services</c>: the resource as RBAC rules and kubectl name it.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The same kind at the same group, compared without the version.</summary>
    public bool IsSameKind(string group, string kind) =>
        string.Equals(Group, group, StringComparison.Ordinal) && string.Equals(Kind, kind, StringComparison.Ordinal);

    /// <summary>The resource of <paramref name="item"/>, from its apiVersion and kind.</summary>
    /// <exception cref="StrataException">The object has no kind or apiVersion, or a kind Strata does not know.</exception>
    public static KubernetesResource Of(IKubernetesObject item)
    {
        var (group, version) = SplitApiVersion(item.ApiVersion);
        if (string.IsNullOrEmpty(item.Kind) || string.IsNullOrEmpty(version))
        {
            throw new StrataException(
                $"A Kubernetes object '{Describe(item)}' has no kind or apiVersion; every object Strata applies needs both (e.g. 'apiVersion: apps/v1', 'kind: Deployment').");
        }

        foreach (var known in Known)
        {
            if (known.Group == group && known.Kind == item.Kind)
            {
                return new KubernetesResource(item.Kind, group, version, known.Plural, known.Namespaced);
            }
        }

        throw new StrataException(
            $"Strata does not know how to apply Kubernetes kind '{item.Kind}' (apiVersion '{item.ApiVersion}') of object '{Describe(item)}'. " +
            $"Known kinds: {string.Join(", ", Known.Select(k => k.Group.Length == 0 ? k.Kind : $"{k.Kind}.{k.Group}"))}. " +
            "Use one of these, or apply that object with kubectl.");
    }

    /// <summary><c>apps/v1</c> → (<c>apps</c>, <c>v1</c>); <c>v1</c> → (<c>""</c>, <c>v1</c>).</summary>
    public static (string Group, string Version) SplitApiVersion(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return ("", "");
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    private static string Describe(IKubernetesObject item) =>
        item is IKubernetesObject<k8s.Models.V1ObjectMeta> { Metadata.Name: { } name } ? name : "(unnamed)";
}
