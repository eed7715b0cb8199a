using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>
/// RFC 6902 JSON Patch on a JSON document: add, remove, replace, move, copy and test, with RFC 6901
/// pointers (<c>~0</c> for '~', <c>~1</c> for '/', <c>-</c> for the end of a list). Operations apply in
/// order; the first that fails stops the patch with the operation's index and the reason.
/// </summary>
internal static class JsonPatch
{
    public static void Apply(JsonObject document, JsonArray operations, string path)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            var opPath = $"{path}[{i}]";
            if (operations[i] is not JsonObject operation)
            {
                throw new StrataException($"A JSON patch operation is an object such as {{op: replace, path: /spec/replicas, value: 3}}; got {StrategicMerge.Describe(operations[i])}.", opPath);
            }

            var op = Text(operation, "op", opPath);
            var pointer = Pointer(Text(operation, "path", opPath), $"{opPath}.path");
            switch (op)
            {
                case "add":
                    Add(document, pointer, Value(operation, opPath), $"{opPath}.path");
                    break;
                case "remove":
                    Remove(document, pointer, $"{opPath}.path");
                    break;
                case "replace":
                    Remove(document, pointer, $"{opPath}.path");
                    Add(document, pointer, Value(operation, opPath), $"{opPath}.path");
                    break;
                case "move":
                    {
                        var from = Pointer(Text(operation, "from", opPath), $"{opPath}.from");
                        if (pointer.Count > from.Count && pointer.Take(from.Count).SequenceEqual(from))
                        {
                            throw new StrataException("A value cannot move into one of its own children.", $"{opPath}.path");
                        }

                        var value = Get(document, from, $"{opPath}.from");
                        Remove(document, from, $"{opPath}.from");
                        Add(document, pointer, value, $"{opPath}.path");
                        break;
                    }

                case "copy":
                    Add(document, pointer, Get(document, Pointer(Text(operation, "from", opPath), $"{opPath}.from"), $"{opPath}.from")?.DeepClone(), $"{opPath}.path");
                    break;
                case "test":
                    {
                        var actual = Get(document, pointer, $"{opPath}.path");
                        var expected = Value(operation, opPath);
                        if (!JsonNode.DeepEquals(actual, expected))
                        {
                            throw new StrataException($"test failed: '{Text(operation, "path", opPath)}' is {StrategicMerge.Describe(actual)}, not {StrategicMerge.Describe(expected)}.", opPath);
                        }

                        break;
                    }

                default:
                    throw new StrataException($"Unknown op '{op}'; expected add, remove, replace, move, copy or test.", $"{opPath}.op");
            }
        }
    }

    private static string Text(JsonObject operation, string field, string path) =>
        operation[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new StrataException($"'{field}' is required and must be a string.", $"{path}.{field}");

    private static JsonNode? Value(JsonObject operation, string path) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new StrataException("'value' is required for this op.", $"{path}.value");

    private static List<string> Pointer(string pointer, string path)
    {
        if (pointer.Length == 0)
        {
            throw new StrataException("The whole object cannot be patched; point at a field, e.g. /spec/replicas.", path);
        }

        if (pointer[0] != '/')
        {
            throw new StrataException($"'{pointer}' is not a JSON pointer; it starts with '/', e.g. /spec/replicas.", path);
        }

        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Get(JsonNode root, List<string> tokens, string path)
    {
        var node = root;
        foreach (var token in tokens)
        {
            node = Child(node, token, tokens, path);
        }

        return node;
    }

    private static JsonNode? Child(JsonNode? node, string token, List<string> tokens, string path) => node switch
    {
        JsonObject map when map.TryGetPropertyValue(token, out var child) => child,
        JsonArray list when Index(token, list.Count, allowEnd: false) is { } index => list[index],
        _ => throw new StrataException($"'/{string.Join('/', tokens)}' does not exist: nothing at '{token}'.", path),
    };

    private static void Add(JsonObject root, List<string> tokens, JsonNode? value, string path)
    {
        var parent = Get(root, tokens[..^1], path);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list when Index(last, list.Count, allowEnd: true) is { } index:
                list.Insert(index, value);
                break;
            default:
                throw new StrataException($"Cannot add at '/{string.Join('/', tokens)}': its parent is {StrategicMerge.Describe(parent)} without a place '{last}'.", path);
        }
    }

    private static void Remove(JsonObject root, List<string> tokens, string path)
    {
        var parent = Get(root, tokens[..^1], path);
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject map => map.Remove(last),
            JsonArray list when Index(last, list.Count, allowEnd: false) is { } index => Removed(list, index),
            _ => false,
        };
        if (!removed)
        {
            throw new StrataException($"'/{string.Join('/', tokens)}' does not exist, so it cannot be removed or replaced.", path);
        }
    }

    private static bool Removed(JsonArray list, int index)
    {
        list.RemoveAt(index);
        return true;
    }

    // RFC 6901: an index is '0' or digits without a leading zero; '-' is the end (only where adding).
    private static int? Index(string token, int count, bool allowEnd)
    {
        if (token == "-")
        {
            return allowEnd ? count : null;
        }

        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        return index < count || (allowEnd && index == count) ? index : null;
    }
}
