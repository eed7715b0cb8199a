using k8s;
using k8s.Models;
using Strata.Core.Naming;
using Strata.Core;
using Strata.Policy;
using Strata.Runtime.Kubernetes.Mapping;
using Strata.Runtime.Kubernetes.Raw;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// Maps an app revision's workload set onto Kubernetes objects. Pure: no I/O, the same input always
/// gives the same objects in the same order, so a render and a deploy agree and snapshots are stable.
/// </summary>
public static class KubernetesMapper
{
    /// <summary>
    /// The objects of <paramref name="revision"/>, in apply order: ConfigMaps, Secrets, PersistentVolumeClaims, Services,
    /// Deployments, HorizontalPodAutoscalers, Jobs, CronJobs (one per scheduled request), then Ingresses or HTTPRoutes; by name within a kind.
    /// The vertical's namespace is not among them: see <see cref="Namespace"/>.
    /// </summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set, as the vertical mapped it.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <exception cref="Strata.Core.StrataException">A workload has no OCI image, or the set refers to a service, port or settings set it does not have.</exception>
    public static IReadOnlyList<IKubernetesObject> Map(AppRevision revision, WorkloadSet set, KubernetesMappingOptions options)
        => Map(revision, set, options, RawInputs.None);

    /// <summary>
    /// The objects of <paramref name="revision"/> as <see cref="Map(AppRevision, WorkloadSet, KubernetesMappingOptions)"/>
    /// maps them, then the app's raw manifests (<c>caas.raw</c>, in the app's namespace with its labels and
    /// ownership mark; ConfigMaps, Secrets, ServiceAccounts, Roles, RoleBindings and PersistentVolumeClaims
    /// after the mapped settings, the rest after the mapped objects, in file order), then its patches
    /// (<c>caas.patches</c>, in order).
    /// This is what a deploy applies and what a render shows.
    /// </summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set, as the vertical mapped it.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <param name="raw">The contents of the files <c>caas.raw</c> and <c>caas.patches</c> name.</param>
    /// <exception cref="StrataException">
    /// As above; or a raw manifest or patch is invalid, names another namespace, repeats an object, or
    /// targets an object the app does not have. The path names the entry (<c>caas.patches[0].target.name</c>).
    /// Or the revision uses other apps (<c>caas.uses</c>): see the overload that says where they are served.
    /// </exception>
    public static IReadOnlyList<IKubernetesObject> Map(AppRevision revision, WorkloadSet set, KubernetesMappingOptions options, RawInputs raw)
        => Map(revision, set, options, raw, null);

    /// <summary>
    /// The objects of <paramref name="revision"/> as <see cref="Map(AppRevision, WorkloadSet, KubernetesMappingOptions, RawInputs)"/>
    /// maps them, with the discovery keys of the apps it uses (<c>caas.uses</c>).
    /// </summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set, as the vertical mapped it.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <param name="raw">The contents of the files <c>caas.raw</c> and <c>caas.patches</c> name.</param>
    /// <param name="uses">
    /// Where each app of <c>caas.uses</c> is served in the cluster; its discovery key
    /// (<c>services__&lt;app&gt;__http__0</c>) names that Service's cluster DNS name. None when null.
    /// </param>
    /// <exception cref="StrataException">
    /// As above; or a raw manifest or patch is invalid, names another namespace, repeats an object, or
    /// targets an object the app does not have. The path names the entry (<c>caas.patches[0].target.name</c>).
    /// Or an app of <c>caas.uses</c> has no entry in <paramref name="uses"/> (<c>caas.uses[0]</c>).
    /// </exception>
    public static IReadOnlyList<IKubernetesObject> Map(
        AppRevision revision, WorkloadSet set, KubernetesMappingOptions options, RawInputs raw, IReadOnlyDictionary<Strata.Manifest.UsedApp, UsedAppTarget>? uses)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(raw);

        if (set.SharedServices.FirstOrDefault() is { } shared)
        {
            throw new StrataException(
                $"App '{revision.App}' uses service '{shared.Service}' of app '{shared.App}' as its own (a shared service, e.g. functions in mode 'shared'); " +
                "the Kubernetes runtime does not map shared services yet. Deploy the app with the local runtime, or give it services of its own (functions: mode 'dedicated').",
                "sharedServices[0]");
        }

        uses ??= new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget>();
        var used = revision.Manifest.Caas.Uses;
        for (var i = 0; i < used.Count; i++)
        {
            if (!uses.ContainsKey(used[i]))
            {
                throw new StrataException(
                    $"App '{revision.App}' uses app '{used[i]}', but where that app is served in the cluster is not known (it needs a deployed revision with a route); deploy it first, or remove it from caas.uses.",
                    $"caas.uses[{i}]");
            }
        }

        var context = new MappingContext(revision, set, options) { Uses = uses };
        var services = set.Services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var objects = new List<IKubernetesObject>();
        objects.AddRange(set.Config.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => SettingsBuilder.ConfigMap(context, c)));
        objects.AddRange(set.Secrets.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => SettingsBuilder.Secret(context, s)));
        objects.AddRange(set.Volumes.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => VolumeBuilder.Claim(context, v)));
        // A worker that listens on nothing gets no Service: Kubernetes refuses a ClusterIP Service without ports.
        objects.AddRange(services.Where(s => s.Ports.Count > 0).Select(s => ServiceBuilder.Build(context, s)));
        objects.AddRange(services.Select(s => DeploymentBuilder.Build(context, s)));
        objects.AddRange(services
            .Where(s => s.Autoscale is not null)
            .Select(s => AutoscalerBuilder.Build(context, s, s.Autoscale!)));
        objects.AddRange(set.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal).Select(j => JobBuilder.Build(context, j)));
        objects.AddRange(set.Schedules.Select((s, i) => (Schedule: s, Index: i)).OrderBy(s => s.Schedule.Name, StringComparer.Ordinal).Select(s => CronJobBuilder.Build(context, s.Schedule, s.Index)));
        objects.AddRange(set.Routes.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => RouteBuilder.Build(context, r)));
        AddRaw(context, raw, objects);
        Patches.Apply(context, raw, objects);
        return objects;
    }

    /// <summary>
    /// The vertical-level objects, in apply order: its namespace, then — when <paramref name="policy"/>
    /// declares them — a ResourceQuota, a LimitRange of container defaults and a NetworkPolicy isolating
    /// the namespace. Apply these before any app of the vertical.
    /// </summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="policy">What the vertical declared with <c>UseClusterPolicy</c>; only the namespace when null.</param>
    /// <param name="options">The cluster's mapping options.</param>
    public static IReadOnlyList<IKubernetesObject> VerticalObjects(string vertical, ClusterPolicy? policy, KubernetesMappingOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentNullException.ThrowIfNull(options);

        var objects = new List<IKubernetesObject> { Namespace(vertical, options) };
        if (policy is not null)
        {
            objects.AddRange(new IKubernetesObject?[]
            {
                PolicyBuilder.Quota(vertical, policy.Quota, options),
                PolicyBuilder.Limits(vertical, policy.ContainerDefaults, options),
                PolicyBuilder.Isolation(vertical, policy.IsolateNetwork, options),
            }.OfType<IKubernetesObject>());
        }

        return objects;
    }

    /// <summary>
    /// The name of the Job of <paramref name="job"/> in revision <paramref name="revision"/>: <c>&lt;app&gt;-&lt;job&gt;-r&lt;N&gt;</c>.
    /// A Job's pod template cannot be changed, so each revision runs its own Job rather than updating
    /// the last one; prune removes Jobs of earlier revisions like any object the new revision lacks.
    /// </summary>
    /// <param name="app">The app name.</param>
    /// <param name="job">The job workload's name.</param>
    /// <param name="revision">The revision number.</param>
    public static string JobName(string app, string job, int revision) =>
        StrataNames.ObjectName(app, $"{job}-r{revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static void AddRaw(MappingContext context, RawInputs raw, List<IKubernetesObject> objects)
    {
        var seen = objects.Select(o => (o.Kind, ObjectJson.Metadata(o).Name)).ToHashSet();
        foreach (var (item, path) in RawManifests.Read(context, raw))
        {
            if (!seen.Add((item.Kind, item.Metadata.Name)))
            {
                throw new StrataException(
                    $"{item.Kind}/{item.Metadata.Name} from caas.raw is already among the app's objects (mapped, or in another raw file). " +
                    "To change a mapped object, write a patch (caas.patches) instead of a second copy.",
                    $"{path}.metadata.name");
            }

            // What pods read (settings, identities, volumes) goes before the workloads, as mapped settings do,
            // so a Deployment never starts ahead of the ConfigMap it names; everything else after the mapped objects.
            if (ReadByPods.Contains(item.Kind))
            {
                objects.Insert(objects.FindLastIndex(o => ReadByPods.Contains(o.Kind)) + 1, item);
            }
            else
            {
                objects.Add(item);
            }
        }
    }

    private static readonly HashSet<string> ReadByPods = new(StringComparer.Ordinal)
    {
        "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim",
    };

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
                Labels = PolicyBuilder.VerticalLabels(vertical),
                Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [StrataAnnotations.OwnedBy] = vertical,
                },
            },
        };
    }
}
