using System.Collections;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace Strata.Runtime.Kubernetes;

/// <summary>
/// Writes Kubernetes objects as the YAML <see cref="KubernetesYamlReference"/> produces, byte for byte, in
/// one pass over the objects: block maps and lists indented as YamlDotNet indents them, keys in the
/// serializer's order (<see cref="YamlTypeShape"/>), scalars from <see cref="YamlScalars"/>. The reference
/// serializer walks the models by reflection and runs every scalar through a chain of event emitters, at
/// about a millisecond per app. A document holding anything this writer does not know (a multi-line
/// string, a date, a floating-point number, a list in a list, a null in a map) is rendered by the
/// reference instead, so the output never depends on which of the two wrote it.
/// </summary>
internal static class KubernetesYamlWriter
{
    private static long _fallbacks;

    /// <summary>How many documents were left to the reference so far (for the benchmarks).</summary>
    public static long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Appends one object as one YAML document ending with '\n'.</summary>
    public static void Write(StringBuilder builder, IKubernetesObject item)
    {
        var start = builder.Length;
        try
        {
            var root = item is UnstructuredObject unstructured ? KubernetesYamlReference.Plain(unstructured.ToJson())! : item;
            if (!WriteMapping(builder, root, 0, inline: false))
            {
                throw new UnsupportedValueException();
            }
        }
        catch (UnsupportedValueException)
        {
            Interlocked.Increment(ref _fallbacks);
            builder.Length = start;
            builder.Append(KubernetesYamlReference.ToYaml(item));
        }
    }

    // Writes a map's entries at `indent`, the first on the current line when `inline` (a list item);
    // false, having written nothing, when it has none.
    private static bool WriteMapping(StringBuilder builder, object value, int indent, bool inline)
    {
        var first = true;
        if (value is IDictionary<string, string> strings)
        {
            foreach (var (key, item) in strings)
            {
                WriteKey(builder, key, indent, inline && first);
                first = false;
                builder.Append(' ').Append(YamlScalars.Value(item ?? throw new UnsupportedValueException()) ?? throw new UnsupportedValueException()).Append('\n');
            }

            return !first;
        }

        var shape = YamlTypeShape.Of(value.GetType());
        switch (shape.Kind)
        {
            case YamlNodeKind.Map:
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    WriteKey(builder, entry.Key as string ?? throw new UnsupportedValueException(), indent, inline && first);
                    first = false;
                    WriteValue(builder, entry.Value ?? throw new UnsupportedValueException(), indent);
                }

                return !first;
            case YamlNodeKind.Object:
                for (var i = 0; i < shape.Getters.Length; i++)
                {
                    if (shape.Getters[i](value) is not { } item)
                    {
                        continue;
                    }

                    WriteKey(builder, shape.Keys[i], indent, inline && first);
                    first = false;
                    WriteValue(builder, item, indent);
                }

                return !first;
            default:
                throw new UnsupportedValueException();
        }
    }

    private static void WriteKey(StringBuilder builder, string key, int indent, bool inline)
    {
        if (!inline)
        {
            builder.Append(' ', indent);
        }

        builder.Append(YamlScalars.Key(key) ?? throw new UnsupportedValueException()).Append(':');
    }

    // After "key:": a scalar on the same line, a map indented below, a list at the key's own indent.
    private static void WriteValue(StringBuilder builder, object value, int indent)
    {
        if (Scalar(value) is { } scalar)
        {
            builder.Append(' ').Append(scalar).Append('\n');
            return;
        }

        var mark = builder.Length;
        builder.Append('\n');
        if (IsList(value))
        {
            if (!WriteSequence(builder, (IEnumerable)value, indent))
            {
                builder.Length = mark;
                builder.Append(" []\n");
            }
        }
        else if (!WriteMapping(builder, value, indent + 2, inline: false))
        {
            builder.Length = mark;
            builder.Append(" {}\n");
        }
    }

    private static bool WriteSequence(StringBuilder builder, IEnumerable list, int indent)
    {
        var any = false;
        foreach (var item in list)
        {
            any = true;
            builder.Append(' ', indent).Append("- ");
            if (Scalar(item ?? throw new UnsupportedValueException()) is { } scalar)
            {
                builder.Append(scalar).Append('\n');
            }
            else if (IsList(item))
            {
                throw new UnsupportedValueException();
            }
            else if (!WriteMapping(builder, item, indent + 2, inline: true))
            {
                builder.Append("{}\n");
            }
        }

        return any;
    }

    private static bool IsList(object value) => value is not IDictionary<string, string> && YamlTypeShape.Of(value.GetType()).Kind == YamlNodeKind.List;

    // The scalar's text; null for a map or a list. Throws for a value the writer leaves to the reference.
    private static string? Scalar(object value) => value switch
    {
        string text => YamlScalars.Value(text) ?? throw new UnsupportedValueException(),
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IntOrString intOrString => Raw(intOrString.Value),
        ResourceQuantity quantity => Raw(quantity.ToString()),
        byte[] bytes => Raw(Encoding.UTF8.GetString(bytes)),
        ValueType or Uri => throw new UnsupportedValueException(),
        _ => null,
    };

    private static string Raw(string? text) => YamlScalars.Raw(text ?? throw new UnsupportedValueException()) ?? throw new UnsupportedValueException();

    /// <summary>A value this writer leaves to the reference serializer.</summary>
    private sealed class UnsupportedValueException : Exception
    {
    }
}
