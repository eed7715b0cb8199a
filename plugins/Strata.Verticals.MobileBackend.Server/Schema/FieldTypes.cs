namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>Spellings of <see cref="FieldType"/> in a spec.</summary>
internal static class FieldTypes
{
    /// <summary>Every type name a spec may use (each also with <c>[]</c> for a list).</summary>
    public static IReadOnlyList<string> Names { get; } = ["string", "int", "number", "bool", "datetime", "json"];

    /// <summary>The spelling of <paramref name="type"/>.</summary>
    public static string Name(FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Int => "int",
        FieldType.Number => "number",
        FieldType.Bool => "bool",
        FieldType.DateTime => "datetime",
        _ => "json",
    };

    /// <summary>Reads <c>string</c>, <c>int[]</c>, …; false for anything else.</summary>
    public static bool TryParse(string text, out FieldType type, out bool isList)
    {
        isList = text.EndsWith("[]", StringComparison.Ordinal);
        var name = isList ? text[..^2] : text;
        type = FieldType.Json;
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                type = (FieldType)i;
                return true;
            }
        }

        return false;
    }
}
