using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// A Kubernetes object held as JSON: a raw manifest of an app (<c>caas.raw</c>), or a patched object of a
/// kind KubernetesClient has no model for. <see cref="KubernetesJson"/> serializes it as the object itself.
/// </summary>
[JsonConverter(typeof(UnstructuredObjectConverter))]
public sealed class UnstructuredObject : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The group and version, e.g. <c>policy/v1</c>.</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>The kind, e.g. <c>PodDisruptionBudget</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The object's metadata.</summary>
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Every other top-level field (<c>spec</c>, <c>data</c>, <c>rules</c>…), in the order written.</summary>
    public JsonObject Body { get; set; } = [];

    /// <summary>The object as one JSON object: apiVersion, kind, metadata, then the body.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = Kind,
            ["metadata"] = JsonNode.Parse(KubernetesJson.Serialize(Metadata)),
        };
        foreach (var (key, value) in Body)
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>Reads an object from JSON; <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> go to their properties.</summary>
    /// <param name="json">The object.</param>
    public static UnstructuredObject FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var body = new JsonObject();
        foreach (var (key, value) in json)
        {
            if (key is not ("apiVersion" or "kind" or "metadata"))
            {
                body[key] = value?.DeepClone();
            }
        }

        return new UnstructuredObject
        {
            ApiVersion = json["apiVersion"] is JsonValue apiVersion && apiVersion.TryGetValue<string>(out var a) ? a : "",
            Kind = json["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) ? k : "",
            Metadata = json["metadata"] is JsonObject metadata ? KubernetesJson.Deserialize<V1ObjectMeta>(metadata.ToJsonString()) : new V1ObjectMeta(),
            Body = body,
        };
    }

    private sealed class UnstructuredObjectConverter : JsonConverter<UnstructuredObject>
    {
        public override UnstructuredObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonNode.Parse(ref reader) is JsonObject json ? FromJson(json) : null;

        public override void Write(Utf8JsonWriter writer, UnstructuredObject value, JsonSerializerOptions options) =>
            value.ToJson().WriteTo(writer);
    }
}
