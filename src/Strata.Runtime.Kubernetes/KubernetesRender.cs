using System.Text;
using k8s;

namespace Strata.Runtime.Kubernetes;

/// <summary>Renders Kubernetes objects as YAML, exactly as they would be applied (for GitOps and review).</summary>
public static class KubernetesRender
{
    /// <summary>
    /// One YAML document per object, in the given order, separated by <c>---</c> lines, with '\n'
    /// line ends on every platform so the output is byte-for-byte stable.
    /// </summary>
    /// <param name="objects">The objects, e.g. from <see cref="KubernetesMapper.Map"/>.</param>
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

            var document = KubernetesYaml.Serialize(item).ReplaceLineEndings("\n");
            builder.Append(document);
            if (!document.EndsWith('\n'))
            {
                builder.Append('\n');
            }
        }

        return builder.ToString();
    }
}
