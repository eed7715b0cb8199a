using System.Text.Json.Nodes;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>
/// The subset of Kubernetes strategic merge patch Strata applies (the semantics of kubectl patch
/// --type strategic, for the fields apps patch):
/// <list type="bullet">
/// <item>maps merge key by key; a scalar replaces; <c>null</c> deletes the field;</item>
/// <item>lists with a merge key merge item by item: an item whose key matches is merged into the
/// existing one, a new key is appended, and an item with <c>$patch: delete</c> removes the match.
/// Merge keys: <c>containers</c>, <c>initContainers</c>, <c>ephemeralContainers</c>, <c>env</c>, <c>volumes</c>,
/// <c>imagePullSecrets</c>, <c>resourceClaims</c> by <c>name</c>; <c>volumeMounts</c> by <c>mountPath</c>;
/// <c>volumeDevices</c> by <c>devicePath</c>; a container's <c>ports</c> by <c>containerPort</c>, a Service's by
/// <c>port</c>; <c>hostAliases</c> by <c>ip</c>;</item>
/// <item>every other list (args, command, tolerations, rules…) is replaced whole, as Kubernetes does for
/// lists without a merge strategy.</item>
/// </list>
/// Not supported: <c>$retainKeys</c>, <c>$setElementOrder</c>, <c>$deleteFromPrimitiveList</c> and
/// <c>$patch: replace</c>; use a JSON patch for those.
/// </summary>
internal static class StrategicMerge
{
    private const string Directive = "$patch";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["hostAliases"] = "ip",
    };

    public static void Apply(JsonObject target, JsonObject patch, string path) => MergeObject(target, patch, path, parentIsContainer: false);

    private static void MergeObject(JsonObject target, JsonObject patch, string path, bool parentIsContainer)
    {
        foreach (var (key, value) in patch.ToList())
        {
            var childPath = $"{path}.{key}";
            if (key.StartsWith('$'))
            {
                throw new StrataException($"The directive '{key}' is not supported in a strategic merge patch (only '$patch: delete' in list items is); use a JSON patch.", childPath);
            }

            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                MergeObject(targetObject, patchObject, childPath, parentIsContainer: false);
            }
            else if (value is JsonArray patchArray && target[key] is JsonArray targetArray
                && MergeKey(key, parentIsContainer) is { } mergeKey)
            {
                MergeList(targetArray, patchArray, mergeKey, childPath, itemsAreContainers: key is "containers" or "initContainers" or "ephemeralContainers");
            }
            else
            {
                target[key] = WithoutDeletes(value.DeepClone(), childPath);
            }
        }
    }

    private static string? MergeKey(string field, bool parentIsContainer) => field == "ports"
        ? parentIsContainer ? "containerPort" : "port"
        : MergeKeys.GetValueOrDefault(field);

    private static void MergeList(JsonArray target, JsonArray patch, string mergeKey, string path, bool itemsAreContainers)
    {
        for (var i = 0; i < patch.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (patch[i] is not JsonObject item)
            {
                throw new StrataException($"Items of '{path}' are objects merged by '{mergeKey}'; this one is {Describe(patch[i])}.", itemPath);
            }

            if (item[mergeKey] is not JsonValue keyValue)
            {
                throw new StrataException($"An item of '{path}' needs its merge key '{mergeKey}' so the patch knows which item it changes.", $"{itemPath}.{mergeKey}");
            }

            var key = keyValue.ToJsonString();
            var existing = target.OfType<JsonObject>().FirstOrDefault(t => t[mergeKey]?.ToJsonString() == key);
            var delete = item[Directive] is JsonValue directive && directive.TryGetValue<string>(out var d) && d == "delete";
            if (item[Directive] is not null && !delete)
            {
                throw new StrataException($"Only '$patch: delete' is supported in a list item; got {item[Directive]!.ToJsonString()}.", $"{itemPath}.{Directive}");
            }

            if (delete)
            {
                if (existing is not null)
                {
                    target.Remove(existing);
                }
            }
            else if (existing is not null)
            {
                MergeObject(existing, item, itemPath, itemsAreContainers);
            }
            else
            {
                target.Add(WithoutDeletes(item.DeepClone(), itemPath));
            }
        }
    }

    // A null in a new map means "absent", not "store null": strip it, as the API server would.
    private static JsonNode? WithoutDeletes(JsonNode? node, string path)
    {
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map.ToList())
            {
                if (key.StartsWith('$'))
                {
                    throw new StrataException($"The directive '{key}' is not supported here.", $"{path}.{key}");
                }

                if (value is null)
                {
                    map.Remove(key);
                }
                else
                {
                    WithoutDeletes(value, $"{path}.{key}");
                }
            }
        }

        return node;
    }

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        _ => $"the value {node.ToJsonString()}",
    };
}
