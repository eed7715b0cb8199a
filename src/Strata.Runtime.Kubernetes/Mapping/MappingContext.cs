using k8s.Models;
using Strata.Core.Naming;
using Strata.Workloads;

namespace Strata.Runtime.Kubernetes.Mapping;

/// <summary>What every builder needs: the revision, its workload set, the options and the namespace.</summary>
internal sealed record MappingContext(AppRevision Revision, WorkloadSet Set, KubernetesMappingOptions Options)
{
    public string App => Revision.App;

    public string Vertical => Revision.Vertical;

    public string Namespace { get; } = StrataNames.Namespace(Revision.Vertical, Options.NamespacePrefix);

    /// <summary>Where the apps of <c>caas.uses</c> are served; the mapper checked that every one is here.</summary>
    public IReadOnlyDictionary<Strata.Manifest.UsedApp, UsedAppTarget> Uses { get; init; } = new Dictionary<Strata.Manifest.UsedApp, UsedAppTarget>();

    public string ObjectName(string? component) => StrataNames.ObjectName(App, component);

    /// <summary>Metadata of an object of one service or job: name, namespace, the full label set and the ownership mark.</summary>
    public V1ObjectMeta Metadata(string component) => Metadata(component, component);

    /// <summary>
    /// Metadata of an object named <c>&lt;app&gt;-&lt;name&gt;</c> whose labels name <paramref name="component"/>:
    /// a route is labelled with the service it leads to and a settings set with none (it is the app's),
    /// so that <c>app.kubernetes.io/component</c> only ever names a service or a job.
    /// </summary>
    public V1ObjectMeta Metadata(string name, string? component) => NamedMetadata(ObjectName(name), component);

    /// <summary>Metadata as above, with the object name given whole (a Job's carries its revision).</summary>
    public V1ObjectMeta NamedMetadata(string objectName, string? component) => new()
    {
        Name = objectName,
        NamespaceProperty = Namespace,
        Labels = Labels(component),
        Annotations = OwnerAnnotations(),
    };

    /// <summary>The full label set; it contains the selector labels, so pod templates get both.</summary>
    public IDictionary<string, string> Labels(string? component) =>
        new SortedDictionary<string, string>(
            StrataLabels.For(Vertical, App, component, Revision.Number).ToDictionary(), StringComparer.Ordinal);

    public IDictionary<string, string> SelectorLabels(string? component) =>
        new SortedDictionary<string, string>(
            StrataLabels.Selector(Vertical, App, component).ToDictionary(), StringComparer.Ordinal);

    public IDictionary<string, string> OwnerAnnotations() =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [StrataAnnotations.OwnedBy] = StrataAnnotations.OwnerOf(Vertical, App),
        };
}
