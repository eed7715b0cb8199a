using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Strata.Validation;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Converts a YAML node to JSON, so that verticals validate and bind their <c>spec:</c> with
/// System.Text.Json alone: mapping → object, list → array, plain scalars by the YAML 1.2 core
/// schema (null, bool, number), everything else — and every quoted scalar — a string.
/// </summary>
internal static class YamlJson
{
    // Deep enough for any real spec; guards against alias cycles, which the representation model allows.
    private const int MaxDepth = 64;

    // Far more values than any real spec has. Aliases share nodes, so a short file can expand without end
    // ("billion laughs": ten levels of ten aliases are 10^10 values); the conversion stops at this many.
    private const int MaxValues = 100_000;

    /// <summary>Converts <paramref name="node"/>; what cannot be converted is reported under <paramref name="path"/> and written as null.</summary>
    public static JsonElement ToJson(YamlNode node, string path, ICollection<ValidationProblem> problems)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var budget = new Budget();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, path, problems, 0, budget);
        }

        if (budget.Exceeded)
        {
            problems.Add(new ValidationProblem(path, $"holds more than {MaxValues} values once its aliases are expanded; write the values out, or use fewer aliases of aliases"));
            return default;
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, string path, ICollection<ValidationProblem> problems, int depth, Budget budget)
    {
        if (budget.Exceeded || ++budget.Values > MaxValues)
        {
            budget.Exceeded = true;
            writer.WriteNullValue();
            return;
        }

        // At MaxDepth the JSON is MaxDepth deep already, as deep as System.Text.Json reads by default.
        if (depth >= MaxDepth)
        {
            problems.Add(new ValidationProblem(path, $"nested {MaxDepth} levels deep or more (is an alias referring to itself?)"));
            writer.WriteNullValue();
            return;
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                WriteObject(writer, mapping, path, problems, depth, budget);
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Write(writer, sequence.Children[i], $"{path}[{i}]", problems, depth + 1, budget);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                problems.Add(new ValidationProblem(path, "expected a mapping, a list or a value"));
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, YamlMappingNode mapping, string path, ICollection<ValidationProblem> problems, int depth, Budget budget)
    {
        writer.WriteStartObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || YamlScalars.IsNull(keyNode))
            {
                problems.Add(new ValidationProblem(path, $"keys must be plain names, got {YamlScalars.Describe(keyNode)} at line {keyNode.Start.Line}"));
                continue;
            }

            // Duplicate keys never get here: YamlDotNet refuses them as a syntax error, with their position.
            writer.WritePropertyName(key);
            Write(writer, valueNode, $"{path}.{key}", problems, depth + 1, budget);
        }

        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        switch (YamlScalars.TypeOf(scalar))
        {
            case YamlScalarType.Null:
                writer.WriteNullValue();
                break;
            case YamlScalarType.Bool:
                writer.WriteBooleanValue(text is "true" or "True" or "TRUE");
                break;
            case YamlScalarType.Integer:
                YamlScalars.TryParseInteger(text, out var integer);
                // Raw so that integers beyond 64 bits keep every digit; BigInteger prints plain JSON digits.
                writer.WriteRawValue(integer.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case YamlScalarType.Float:
                WriteFloat(writer, text);
                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, string text)
    {
        // decimal keeps what the user wrote (0.1 stays 0.1); double takes the exponents decimal cannot.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            writer.WriteNumberValue(exact);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate) && double.IsFinite(approximate))
        {
            writer.WriteNumberValue(approximate);
        }
        else
        {
            // JSON has no infinity or NaN: keep the YAML spelling so the vertical can still see it.
            writer.WriteStringValue(text);
        }
    }

    private sealed class Budget
    {
        public int Values { get; set; }

        public bool Exceeded { get; set; }
    }
}
