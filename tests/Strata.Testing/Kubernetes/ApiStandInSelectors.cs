using System.Text.Json.Nodes;

namespace Strata.Testing.Kubernetes;

/// <summary>Label selectors (<c>a=b,c!=d,e,!f</c>) and field selectors (<c>involvedObject.name=x</c>) as the API reads them.</summary>
internal static class ApiStandInSelectors
{
    public static Func<JsonObject, bool> Labels(string? selector)
    {
        var terms = Terms(selector);
        return item =>
        {
            var labels = item["metadata"]?["labels"] as JsonObject;
            return terms.All(t => t.Matches(labels?[t.Key]?.GetValue<string>()));
        };
    }

    public static Func<JsonObject, bool> Fields(string? selector)
    {
        var terms = Terms(selector);
        return item => terms.All(t => t.Matches(Path(item, t.Key)));
    }

    private static string? Path(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    private static List<Term> Terms(string? selector)
    {
        var terms = new List<Term>();
        foreach (var raw in (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var parts = raw.Split("!=", 2);
                terms.Add(new Term(parts[0], v => v != parts[1]));
            }
            else if (raw.Contains('='))
            {
                var parts = raw.Replace("==", "=", StringComparison.Ordinal).Split('=', 2);
                terms.Add(new Term(parts[0], v => v == parts[1]));
            }
            else if (raw.StartsWith('!'))
            {
                terms.Add(new Term(raw[1..], v => v is null));
            }
            else
            {
                terms.Add(new Term(raw, v => v is not null));
            }
        }

        return terms;
    }

    private sealed record Term(string Key, Func<string?, bool> Matches);
}
