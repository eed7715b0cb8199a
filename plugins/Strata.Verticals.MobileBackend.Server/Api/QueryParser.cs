using System.Globalization;
using Strata.Verticals.MobileBackend.Schema;
using Strata.Verticals.MobileBackend.Server.Storage;
using SortKey = Strata.Verticals.MobileBackend.Server.Storage.SortKey;

namespace Strata.Verticals.MobileBackend.Server;

/// <summary>
/// Reads a list request's query string: <c>filter=&lt;field&gt;:&lt;op&gt;:&lt;value&gt;</c> (repeatable; ops eq, ne,
/// lt, lte, gt, gte, contains), <c>sort=&lt;field&gt;,-&lt;field&gt;</c>, <c>limit</c> (1–100, 20) and <c>offset</c>.
/// Every problem is reported with its parameter's path (<c>filter[1]</c>).
/// </summary>
internal static class QueryParser
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 100;

    private static readonly string[] Operators = ["eq", "ne", "lt", "lte", "gt", "gte", "contains"];

    /// <summary>The query, or the problems.</summary>
    public static (DocumentQuery? Query, List<(string Path, string Message)> Errors) Parse(CollectionSchema collection, IQueryCollection query, string? owner)
    {
        var errors = new List<(string Path, string Message)>();
        var filters = new List<QueryFilter>();
        var filterValues = query["filter"];
        for (var i = 0; i < filterValues.Count; i++)
        {
            var path = $"filter[{i}]";
            var parts = (filterValues[i] ?? "").Split(':', 3);
            if (parts.Length != 3)
            {
                errors.Add((path, "must be <field>:<op>:<value>, e.g. done:eq:false."));
                continue;
            }

            var (field, op, text) = (parts[0], parts[1], parts[2]);
            if (!Operators.Contains(op))
            {
                errors.Add((path, $"the operator must be one of {string.Join(", ", Operators)}, not '{op}'."));
                continue;
            }

            if (!TryValue(collection, field, text, out var value, out var message))
            {
                errors.Add((path, message));
                continue;
            }

            if (op == "contains" && value is not string)
            {
                errors.Add((path, "contains applies to string fields only."));
                continue;
            }

            filters.Add(new QueryFilter(field, op, value!));
        }

        var sort = new List<SortKey>();
        foreach (var key in query["sort"].SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var descending = key.StartsWith('-');
            var field = descending ? key[1..] : key;
            if (!Sortable(collection, field))
            {
                errors.Add(("sort", $"'{field}' is not a field of '{collection.Name}' that can be sorted on ({string.Join(", ", Names(collection))})."));
            }
            else
            {
                sort.Add(new SortKey(field, descending));
            }
        }

        var limit = Number(query, "limit", 20, 1, MaxLimit, errors);
        var offset = Number(query, "offset", 0, 0, int.MaxValue, errors);
        return errors.Count > 0 ? (null, errors) : (new DocumentQuery(filters, sort, limit, offset, owner), errors);
    }

    private static IEnumerable<string> Names(CollectionSchema collection) =>
        collection.Fields.Where(f => !f.IsList && f.Type != FieldType.Json).Select(f => f.Name).Concat(SchemaReader.ReservedFields);

    private static bool Sortable(CollectionSchema collection, string field) => Names(collection).Contains(field);

    private static bool TryValue(CollectionSchema collection, string field, string text, out object? value, out string message)
    {
        value = null;
        message = "";
        FieldType type;
        if (field is "version")
        {
            type = FieldType.Int;
        }
        else if (SchemaReader.ReservedFields.Contains(field))
        {
            type = FieldType.String;
        }
        else if (collection.Field(field) is { IsList: false } declared && declared.Type != FieldType.Json)
        {
            type = declared.Type;
        }
        else
        {
            message = $"'{field}' is not a field of '{collection.Name}' that can be filtered on ({string.Join(", ", Names(collection))}).";
            return false;
        }

        switch (type)
        {
            case FieldType.Int when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                value = whole;
                return true;
            case FieldType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                value = number;
                return true;
            case FieldType.Bool when bool.TryParse(text, out var flag):
                value = flag;
                return true;
            case FieldType.String or FieldType.DateTime:
                value = text;
                return true;
            default:
                message = $"'{text}' is not a value of {field}'s type ({FieldTypes.Name(type)}).";
                return false;
        }
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, List<(string Path, string Message)> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return fallback;
        }

        if (!int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add((name, $"must be a whole number from {min} to {max}, not '{values}'."));
            return fallback;
        }

        return value;
    }
}
