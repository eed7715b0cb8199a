using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// The reference render: KubernetesClient's YAML serializer (YamlDotNet, by reflection). It defines the
/// output; <see cref="KubernetesYamlWriter"/> reproduces it byte for byte, faster, and falls back to it for
/// any document holding a value the writer does not handle (multi-line strings, dates, floats).
/// </summary>
internal static class KubernetesYamlReference
{
    /// <summary>One object as one YAML document, ending with '\n'.</summary>
    public static string ToYaml(IKubernetesObject item)
    {
        // Raw and patched objects of kinds without a model are JSON trees: render them as plain maps
        // and lists, through the same serializer, so quoting and layout match the modelled objects.
        var document = KubernetesYaml.Serialize(item is UnstructuredObject unstructured ? Plain(unstructured.ToJson()) : item).ReplaceLineEndings("\n");
        return document.EndsWith('\n') ? document : document + "\n";
    }

    /// <summary>A JSON tree as the dictionaries, lists and scalars the serializer renders for it.</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray list => list.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<long>(out var integer) => integer,
            JsonValueKind.Number => decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : value.ToJsonString(),
            _ => null,
        },
        _ => node.ToJsonString(),
    };
}
