using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Strata.Core;
using Strata.Runtime.Kubernetes.Mapping;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>
/// An app's raw manifests (<c>caas.raw</c>) adopted as the app's own objects: in the app's namespace, with
/// the Strata labels and the ownership mark, so apply, prune and delete treat them as the generated ones.
/// </summary>
internal static class RawManifests
{
    // Kinds without a namespace: an app may not create them, it would reach beyond its vertical's namespace.
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "APIService", "PriorityClass", "RuntimeClass", "IngressClass",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "CSIDriver", "CSINode", "VolumeAttachment", "GatewayClass",
    };

    public static IEnumerable<(UnstructuredObject Item, string Path)> Read(MappingContext context, RawInputs raw)
    {
        var files = context.Revision.Manifest.Caas.Raw;
        for (var i = 0; i < files.Count; i++)
        {
            var path = $"caas.raw[{i}]";
            var documents = YamlDocuments.Read(raw.Content(files[i], path), files[i], path);
            foreach (var (index, json) in documents)
            {
                var documentPath = documents.Count == 1 ? path : $"{path}.documents[{index}]";
                yield return (Adopt(context, json, documentPath, files[i]), documentPath);
            }
        }
    }

    private static UnstructuredObject Adopt(MappingContext context, JsonObject json, string path, string file)
    {
        var apiVersion = RequiredText(json, "apiVersion", path, file);
        var kind = RequiredText(json, "kind", path, file);
        if (json["metadata"] is not JsonObject metadata || metadata["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw new StrataException($"{kind} in '{file}' has no metadata.name; every object needs a name.", $"{path}.metadata.name");
        }

        if (ClusterScoped.Contains(kind))
        {
            throw new StrataException($"{kind}/{name} in '{file}' is cluster-scoped; an app may only create objects in its own namespace ({context.Namespace}). Ask the operator to create it.", $"{path}.kind");
        }

        if (metadata["namespace"] is JsonValue ns && ns.TryGetValue<string>(out var given) && given != context.Namespace)
        {
            throw new StrataException($"{kind}/{name} in '{file}' sets namespace '{given}', but the app's objects live in '{context.Namespace}'; remove metadata.namespace.", $"{path}.metadata.namespace");
        }

        UnstructuredObject item;
        try
        {
            item = UnstructuredObject.FromJson(json);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new StrataException($"{kind}/{name} in '{file}' has metadata Kubernetes cannot read: {ex.Message}", $"{path}.metadata");
        }

        item.ApiVersion = apiVersion;
        item.Kind = kind;
        Own(context, item.Metadata);
        return item;
    }

    /// <summary>Puts an object in the app's namespace with the app's labels and ownership mark (Strata's win over the file's).</summary>
    public static void Own(MappingContext context, V1ObjectMeta metadata)
    {
        metadata.NamespaceProperty = context.Namespace;
        var labels = new SortedDictionary<string, string>(metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in context.Labels(component: null))
        {
            labels[key] = value;
        }

        metadata.Labels = labels;
        var annotations = new SortedDictionary<string, string>(metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in context.OwnerAnnotations())
        {
            annotations[key] = value;
        }

        metadata.Annotations = annotations;
    }

    private static string RequiredText(JsonObject json, string field, string path, string file) =>
        json[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new StrataException($"A document in '{file}' has no '{field}'; every object needs apiVersion, kind and metadata.name.", $"{path}.{field}");
}
