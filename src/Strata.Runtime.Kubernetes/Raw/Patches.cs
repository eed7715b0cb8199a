using System.Text.Json.Nodes;
using k8s;
using Strata.Core;
using Strata.Runtime.Kubernetes.Mapping;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>
/// An app's patches (<c>caas.patches</c>), applied in order on top of the mapped and raw objects. A patch
/// file holds one or more YAML documents of this shape:
/// <code>
/// target: { kind: Deployment, name: hello-fn }   # the object as 'strata render' names it
/// type: strategic                                 # or json (RFC 6902); strategic when left out
/// patch:                                          # strategic: a partial object; json: a list of operations
///   spec: { template: { spec: { containers: [ { name: fn, resources: { limits: { memory: 1Gi } } } ] } } }
/// </code>
/// </summary>
internal static class Patches
{
    private const string Keys = "target, type, patch";

    public static void Apply(MappingContext context, RawInputs raw, List<IKubernetesObject> objects)
    {
        var files = context.Revision.Manifest.Caas.Patches;
        for (var i = 0; i < files.Count; i++)
        {
            var filePath = $"caas.patches[{i}]";
            var documents = YamlDocuments.Read(raw.Content(files[i], filePath), files[i], filePath);
            foreach (var (index, document) in documents)
            {
                ApplyOne(context, document, objects, documents.Count == 1 ? filePath : $"{filePath}.documents[{index}]", files[i]);
            }
        }
    }

    private static void ApplyOne(MappingContext context, JsonObject document, List<IKubernetesObject> objects, string path, string file)
    {
        foreach (var (key, _) in document)
        {
            if (key is not ("target" or "type" or "patch"))
            {
                throw new StrataException($"Unknown key '{key}' in patch file '{file}'; expected {Keys}.", $"{path}.{key}");
            }
        }

        if (document["target"] is not JsonObject target)
        {
            throw new StrataException($"The patch in '{file}' needs a target: {{kind: Deployment, name: <object name as 'strata render' shows it>}}.", $"{path}.target");
        }

        var kind = Text(target, "kind", $"{path}.target", file);
        var name = Text(target, "name", $"{path}.target", file);
        foreach (var (key, _) in target)
        {
            if (key is not ("kind" or "name"))
            {
                throw new StrataException($"Unknown key '{key}' in the target of '{file}'; expected kind, name.", $"{path}.target.{key}");
            }
        }

        var type = document["type"] is null ? "strategic" : Text(document, "type", path, file);
        var index = objects.FindIndex(o => o.Kind == kind && ObjectJson.Metadata(o).Name == name);
        if (index < 0)
        {
            var sameKind = objects.Where(o => o.Kind == kind).Select(o => ObjectJson.Metadata(o).Name).ToList();
            throw new StrataException(
                $"The patch in '{file}' targets {kind}/{name}, which the app does not have. " +
                (sameKind.Count == 0 ? $"It has no {kind}; kinds it has: {string.Join(", ", objects.Select(o => o.Kind).Distinct())}." : $"Its {kind} objects: {string.Join(", ", sameKind)}."),
                $"{path}.target.name");
        }

        var original = objects[index];
        var json = ObjectJson.ToJson(original);
        switch (type)
        {
            case "strategic" when document["patch"] is JsonObject merge:
                StrategicMerge.Apply(json, merge, $"{path}.patch");
                break;
            case "json" when document["patch"] is JsonArray operations:
                JsonPatch.Apply(json, operations, $"{path}.patch");
                break;
            case "strategic":
                throw new StrataException($"A strategic patch in '{file}' is a partial object (a mapping), e.g. patch: {{spec: {{replicas: 3}}}}.", $"{path}.patch");
            case "json":
                throw new StrataException($"A json patch in '{file}' is a list of RFC 6902 operations, e.g. patch: [{{op: replace, path: /spec/replicas, value: 3}}].", $"{path}.patch");
            default:
                throw new StrataException($"Unknown patch type '{type}' in '{file}'; expected strategic or json.", $"{path}.type");
        }

        objects[index] = Rebuild(context, json, original, kind, name, path, file);
    }

    private static IKubernetesObject Rebuild(MappingContext context, JsonObject json, IKubernetesObject original, string kind, string name, string path, string file)
    {
        // Identity is not the patch's to change: apply, prune and status find objects by it.
        var metadata = json["metadata"] as JsonObject;
        if (Str(json["kind"]) != kind || Str(json["apiVersion"]) != original.ApiVersion
            || Str(metadata?["name"]) != name || Str(metadata?["namespace"]) != context.Namespace)
        {
            throw new StrataException($"The patch in '{file}' changes the apiVersion, kind, name or namespace of {kind}/{name}; a patch may change anything else.", $"{path}.patch");
        }

        IKubernetesObject patched;
        try
        {
            patched = ObjectJson.FromJson(json, original);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or System.Reflection.TargetInvocationException)
        {
            var reason = (ex.InnerException ?? ex).Message;
            throw new StrataException($"The patch in '{file}' leaves {kind}/{name} in a shape Kubernetes does not accept: {reason}", $"{path}.patch");
        }

        // The Strata labels and the ownership mark stay as mapped: selectors, prune and delete rely on them.
        var before = ObjectJson.Metadata(original);
        var after = ObjectJson.Metadata(patched);
        after.Labels = Reassert(after.Labels, before.Labels);
        after.Annotations = Reassert(after.Annotations, before.Annotations);
        return patched;
    }

    private static SortedDictionary<string, string> Reassert(IDictionary<string, string>? patched, IDictionary<string, string>? original)
    {
        var result = new SortedDictionary<string, string>(patched ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in original ?? new Dictionary<string, string>())
        {
            if (key.StartsWith("app.kubernetes.io/", StringComparison.Ordinal) || key.StartsWith("strata.dev/", StringComparison.Ordinal))
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Text(JsonObject json, string field, string path, string file) =>
        json[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new StrataException($"'{field}' is required in '{file}' and must be a string.", $"{path}.{field}");
}
