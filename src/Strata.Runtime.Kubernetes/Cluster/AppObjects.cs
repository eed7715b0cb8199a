using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Core.Naming;
using Strata.Policy;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// The objects of one app, in apply order: its vertical's objects first (namespace, policy), then what
/// <c>KubernetesMapper.Map</c> gave (with the app's raw manifests and patches). Every namespaced object lives in
/// <see cref="Namespace"/>, which is where prune and delete look.
/// </summary>
public sealed record AppObjects
{
    /// <summary>Creates the set; objects without a namespace are put in <paramref name="namespace"/>.</summary>
    /// <param name="vertical">The vertical name.</param>
    /// <param name="app">The app name.</param>
    /// <param name="namespace">The vertical's namespace, e.g. <c>strata-functions</c>.</param>
    /// <param name="objects">The objects, in apply order.</param>
    public AppObjects(string vertical, string app, string @namespace, IReadOnlyList<IKubernetesObject> objects)
    {
        ArgumentException.ThrowIfNullOrEmpty(vertical);
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(objects);
        Vertical = vertical;
        App = app;
        Namespace = @namespace;
        Objects = objects;
    }

    /// <summary>The vertical name.</summary>
    public string Vertical { get; }

    /// <summary>The app name.</summary>
    public string App { get; }

    /// <summary>The namespace of the app's objects.</summary>
    public string Namespace { get; }

    /// <summary>The objects, in apply order.</summary>
    public IReadOnlyList<IKubernetesObject> Objects { get; }

    /// <summary>
    /// The objects a deploy of <paramref name="revision"/> applies, exactly what a render shows: the
    /// vertical's objects (<see cref="KubernetesMapper.VerticalObjects"/>), then the app's
    /// (<c>KubernetesMapper.Map</c> with its raw manifests and patches).
    /// </summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <param name="policy">The vertical's cluster policy, when it declared one.</param>
    /// <param name="raw">The app's raw manifests and patches (<see cref="RawInputs.LoadAsync"/>); none when null.</param>
    /// <param name="uses">Where the apps of <c>caas.uses</c> are served (<see cref="ClusterInputs.Uses"/>); none when null.</param>
    /// <exception cref="StrataException">The set cannot be mapped, or a raw manifest or patch is wrong.</exception>
    public static AppObjects For(
        AppRevision revision, WorkloadSet set, KubernetesMappingOptions options, ClusterPolicy? policy = null, RawInputs? raw = null, IReadOnlyDictionary<Strata.Manifest.UsedApp, UsedAppTarget>? uses = null)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(options);
        var objects = new List<IKubernetesObject>(KubernetesMapper.VerticalObjects(revision.Vertical, policy, options));
        objects.AddRange(KubernetesMapper.Map(revision, set, options, raw ?? RawInputs.None, uses));
        return new AppObjects(
            revision.Vertical, revision.App, StrataNames.Namespace(revision.Vertical, options.NamespacePrefix), objects);
    }

    /// <summary>The objects a deploy of <paramref name="revision"/> applies, from the inputs a render uses too.</summary>
    /// <param name="revision">The revision to run.</param>
    /// <param name="set">Its workload set.</param>
    /// <param name="options">The cluster's mapping options.</param>
    /// <param name="inputs">The vertical's policy and the app's raw manifests and patches (<see cref="IClusterInputs"/>).</param>
    /// <exception cref="StrataException">The set cannot be mapped, or a raw manifest or patch is wrong.</exception>
    public static AppObjects For(AppRevision revision, WorkloadSet set, KubernetesMappingOptions options, ClusterInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return For(revision, set, options, inputs.Policy, inputs.Raw, inputs.Uses);
    }

    internal static V1ObjectMeta MetadataOf(IKubernetesObject item) =>
        (item as IKubernetesObject<V1ObjectMeta>)?.Metadata
        ?? throw new StrataException($"A Kubernetes object of kind '{item.Kind}' has no metadata; Strata needs metadata.name on every object it applies.");
}
