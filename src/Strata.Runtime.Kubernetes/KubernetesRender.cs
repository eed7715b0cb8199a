using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes;

/// <summary>Renders Kubernetes objects as YAML, exactly as they would be applied (for GitOps and review).</summary>
public static class KubernetesRender
{
    /// <summary>What a redacted secret value reads in a render.</summary>
    public const string RedactedValue = "REDACTED";

    /// <summary>The annotation on a Secret whose values a render replaced with <see cref="RedactedValue"/>.</summary>
    public const string RedactedAnnotation = "strata.dev/redacted";

    /// <summary>
    /// One YAML document per object, in the given order, separated by <c>---</c> lines, with '\n'
    /// line ends on every platform so the output is byte-for-byte stable.
    /// </summary>
    /// <param name="objects">The objects, e.g. from <see cref="KubernetesMapper.Map(Workloads.AppRevision, Workloads.WorkloadSet, KubernetesMappingOptions, RawInputs)"/>.</param>
    public static string ToYaml(IEnumerable<IKubernetesObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);

        var builder = new StringBuilder();
        foreach (var item in objects)
        {
            if (builder.Length > 0)
            {
                builder.Append("---\n");
            }

            ArgumentNullException.ThrowIfNull(item);
            KubernetesYamlWriter.Write(builder, item);
        }

        return builder.ToString();
    }

    /// <summary>One object as one YAML document, ending with '\n'.</summary>
    /// <param name="item">The object.</param>
    public static string ToYaml(IKubernetesObject item)
    {
        ArgumentNullException.ThrowIfNull(item);

        var builder = new StringBuilder();
        KubernetesYamlWriter.Write(builder, item);
        return builder.ToString();
    }

    /// <summary>
    /// The objects with every Secret's values replaced by <see cref="RedactedValue"/> and the Secret marked
    /// with <see cref="RedactedAnnotation"/>; other objects are returned as they are. Renders written for
    /// GitOps use this, so secret values never land in a repository; keys stay, so the render still says
    /// which values the cluster must be given (by a secret manager, or a render with secrets included).
    /// </summary>
    /// <param name="objects">The objects as a deploy applies them.</param>
    public static IReadOnlyList<IKubernetesObject> RedactSecrets(IEnumerable<IKubernetesObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return [.. objects.Select(item => item.Kind == V1Secret.KubeKind && item.ApiVersion == V1Secret.KubeApiVersion ? Redact(item) : item)];
    }

    private static UnstructuredObject Redact(IKubernetesObject secret)
    {
        var json = secret is UnstructuredObject unstructured ? unstructured.ToJson() : (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(secret))!;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "data", "stringData" })
        {
            if (json[field] is JsonObject values)
            {
                keys.UnionWith(values.Select(v => v.Key));
            }

            json.Remove(field);
        }

        if (keys.Count > 0)
        {
            json["stringData"] = new JsonObject(keys.Select(k => KeyValuePair.Create(k, (JsonNode?)JsonValue.Create(RedactedValue))));
        }

        var redacted = UnstructuredObject.FromJson(json);
        redacted.Metadata.Annotations = new SortedDictionary<string, string>(redacted.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [RedactedAnnotation] = "values replaced for this render; render with --include-secrets or supply them from a secret manager",
        };
        return redacted;
    }
}
