using System.Globalization;
using System.Text.Json;

namespace Strata.Verticals.MobileBackend.Schema;

/// <summary>
/// Checks a document against its collection: every problem, each with the path of its field
/// (<c>title</c>, <c>tags[2]</c>), so a client can show them all at once.
/// </summary>
internal static class DocumentValidator
{
    /// <summary>The problems of <paramref name="document"/>; empty when it is valid.</summary>
    public static List<(string Path, string Message)> Check(CollectionSchema collection, JsonElement document)
    {
        var errors = new List<(string Path, string Message)>();
        if (document.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("$", $"a document must be a JSON object, not {document.ValueKind.ToString().ToLowerInvariant()}."));
            return errors;
        }

        foreach (var property in document.EnumerateObject())
        {
            if (collection.Field(property.Name) is null && !SchemaReader.ReservedFields.Contains(property.Name))
            {
                errors.Add((property.Name, $"is not a field of '{collection.Name}' ({string.Join(", ", collection.Fields.Select(f => f.Name))})."));
            }
        }

        foreach (var field in collection.Fields)
        {
            if (!document.TryGetProperty(field.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required)
                {
                    errors.Add((field.Name, $"is required ({field.TypeName})."));
                }

                continue;
            }

            CheckValue(field, value, field.Name, errors);
        }

        return errors;
    }

    /// <summary>Checks one value of <paramref name="field"/> (a whole list, for a list field).</summary>
    public static void CheckValue(FieldSchema field, JsonElement value, string path, List<(string Path, string Message)> errors)
    {
        if (!field.IsList)
        {
            CheckItem(field, value, path, errors);
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add((path, $"must be a list ({field.TypeName}), not {Describe(value)}."));
            return;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            CheckItem(field, item, $"{path}[{i++}]", errors);
        }
    }

    private static void CheckItem(FieldSchema field, JsonElement value, string path, List<(string Path, string Message)> errors)
    {
        switch (field.Type)
        {
            case FieldType.String:
                if (value.ValueKind != JsonValueKind.String)
                {
                    errors.Add((path, $"must be a string, not {Describe(value)}."));
                }
                else if (field.MaxLength is { } max && value.GetString()!.Length > max)
                {
                    errors.Add((path, $"must be at most {max} characters long, not {value.GetString()!.Length}."));
                }

                break;
            case FieldType.Int:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
                {
                    errors.Add((path, $"must be a whole number, not {Describe(value)}."));
                }
                else
                {
                    CheckBounds(field, value.GetDouble(), path, errors);
                }

                break;
            case FieldType.Number:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    errors.Add((path, $"must be a number, not {Describe(value)}."));
                }
                else
                {
                    CheckBounds(field, value.GetDouble(), path, errors);
                }

                break;
            case FieldType.Bool:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add((path, $"must be true or false, not {Describe(value)}."));
                }

                break;
            case FieldType.DateTime:
                if (value.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                {
                    errors.Add((path, $"must be an ISO 8601 date and time such as 2026-11-24T16:00:00Z, not {Describe(value)}."));
                }

                break;
        }
    }

    private static void CheckBounds(FieldSchema field, double value, string path, List<(string Path, string Message)> errors)
    {
        if (field.Min is { } min && value < min)
        {
            errors.Add((path, $"must be at least {min.ToString(CultureInfo.InvariantCulture)}."));
        }

        if (field.Max is { } max && value > max)
        {
            errors.Add((path, $"must be at most {max.ToString(CultureInfo.InvariantCulture)}."));
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
