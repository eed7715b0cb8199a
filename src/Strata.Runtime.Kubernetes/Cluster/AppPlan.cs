using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Core.Naming;

namespace Strata.Runtime.Kubernetes.Cluster;

/// <summary>
/// An app's objects checked and ready to apply: each with its resource, its place, the owner it must
/// carry and its JSON body. Objects without the ownership annotation or the app's labels (raw
/// manifests) get them here, so that ownership checks and prune find them later.
/// </summary>
internal sealed record AppPlan(IReadOnlyList<AppPlan.Item> Items)
{
    public static AppPlan Of(AppObjects app)
    {
        var items = new List<Item>();
        var seen = new HashSet<(string, string, string?, string)>();
        foreach (var item in app.Objects)
        {
            ArgumentNullException.ThrowIfNull(item);
            var resource = KubernetesResource.Of(item);
            var metadata = AppObjects.MetadataOf(item);
            if (string.IsNullOrEmpty(metadata.Name))
            {
                throw new StrataException($"A {resource.Kind} of app {app.Vertical}/{app.App} has no metadata.name; every object Strata applies needs one.");
            }

            var @namespace = resource.Namespaced ? (string.IsNullOrEmpty(metadata.NamespaceProperty) ? app.Namespace : metadata.NamespaceProperty) : null;
            var reference = new KubernetesObjectRef(resource.Kind, @namespace, metadata.Name);
            if (@namespace is not null && @namespace != app.Namespace)
            {
                throw new StrataException(
                    $"{reference} is outside the app's namespace {app.Namespace}; Strata keeps every object of app {app.Vertical}/{app.App} there, so that prune and delete find it. Remove metadata.namespace or set it to {app.Namespace}.");
            }

            if (!seen.Add((resource.Group, resource.Kind, @namespace, metadata.Name)))
            {
                throw new StrataException($"{reference} appears twice in app {app.Vertical}/{app.App}; give each object its own name.");
            }

            // The namespace and the vertical's policy objects in it (KubernetesMapper.VerticalObjects: quota,
            // container defaults, isolation) belong to the vertical, shared by its apps: an app's prune
            // never removes them (they carry no app label), and every app of the vertical may apply them.
            var isNamespace = resource.IsSameKind("", V1Namespace.KubeKind);
            var ofVertical = isNamespace
                || (metadata.Annotations?.TryGetValue(StrataAnnotations.OwnedBy, out var declared) == true && declared == app.Vertical);
            var owner = ofVertical ? app.Vertical : StrataAnnotations.OwnerOf(app.Vertical, app.App);
            items.Add(new Item(resource, reference, owner, Body(item, reference, owner, @namespace, ofVertical ? null : app)));
        }

        return new AppPlan(items);
    }

    private static string Body(IKubernetesObject item, KubernetesObjectRef reference, string owner, string? @namespace, AppObjects? app)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();
        var metadata = json["metadata"]!.AsObject();
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        var annotations = Map(metadata, "annotations");
        var declared = annotations[StrataAnnotations.OwnedBy]?.GetValue<string>();
        if (declared is not null && declared != owner)
        {
            throw new StrataException(
                $"{reference} declares {StrataAnnotations.OwnedBy}: {declared}, but it belongs to {owner}; remove the annotation, Strata sets it.");
        }

        annotations[StrataAnnotations.OwnedBy] = owner;
        if (app is not null)
        {
            var labels = Map(metadata, "labels");
            labels[StrataLabels.Name] ??= StrataLabels.ToLabelValue(app.App);
            labels[StrataLabels.Vertical] ??= StrataLabels.ToLabelValue(app.Vertical);
            labels[StrataLabels.ManagedBy] ??= StrataLabels.ManagedByValue;
        }

        return json.ToJsonString();
    }

    private static JsonObject Map(JsonObject metadata, string name)
    {
        if (metadata[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        metadata[name] = created;
        return created;
    }

    /// <summary>One object: where it goes, who must own it, and what is applied.</summary>
    public sealed record Item(KubernetesResource Resource, KubernetesObjectRef Ref, string Owner, string Json);
}
