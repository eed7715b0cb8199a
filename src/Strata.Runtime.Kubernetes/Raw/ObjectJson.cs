using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>Moves objects between their models and JSON, where patches work.</summary>
internal static class ObjectJson
{
    private static readonly MethodInfo DeserializeMethod = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var p }, ..] && p == typeof(string));

    public static JsonObject ToJson(IKubernetesObject item) => item switch
    {
        UnstructuredObject unstructured => unstructured.ToJson(),
        _ => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(item))!,
    };

    /// <summary>
    /// Back to the type <paramref name="original"/> had, so that a patched Deployment is still a
    /// <see cref="V1Deployment"/> to whoever applies and watches it; kinds without a model stay JSON.
    /// </summary>
    public static IKubernetesObject FromJson(JsonObject json, IKubernetesObject original)
    {
        var type = original.GetType();
        if (type.Assembly != typeof(V1Deployment).Assembly)
        {
            return UnstructuredObject.FromJson(json);
        }

        return (IKubernetesObject)DeserializeMethod.MakeGenericMethod(type).Invoke(null, [json.ToJsonString(), null])!;
    }

    public static V1ObjectMeta Metadata(IKubernetesObject item) => item is IMetadata<V1ObjectMeta> { Metadata: { } metadata }
        ? metadata
        : throw new InvalidOperationException($"{item.Kind} has no metadata.");
}
