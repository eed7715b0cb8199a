using Scriban;
using Scriban.Runtime;
using Strata.Verticals.MobileBackend.Schema;

namespace Strata.Verticals.MobileBackend;

/// <summary>
/// Generates a typed client for an app from its collections, with the Scriban templates embedded in
/// <c>sdk/</c>: TypeScript (fetch, EventSource for the change feed) and C# (HttpClient,
/// System.Text.Json). Pure: the same schema gives the same text.
/// </summary>
internal static class SdkGenerator
{
    /// <summary>The languages, each with the file it generates.</summary>
    public static IReadOnlyDictionary<string, string> Languages { get; } = new Dictionary<string, string>
    {
        ["typescript"] = "client.ts",
        ["csharp"] = "Client.cs",
    };

    /// <summary>The client for <paramref name="language"/> (a key of <see cref="Languages"/>).</summary>
    public static string Generate(string language, string app, AppSchema schema)
    {
        var file = Languages[language];
        var template = Template.Parse(ReadTemplate(file + ".sbn"), file);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"The SDK template sdk/{file}.sbn is invalid: {string.Join("; ", template.Messages)}");
        }

        var model = new ScriptObject
        {
            ["app"] = app,
            ["app_pascal"] = Pascal(app),
            ["collections"] = new ScriptArray(schema.Collections.Select(Collection)),
        };
        var context = new TemplateContext { StrictVariables = true };
        context.PushGlobal(model);
        return template.Render(context);
    }

    private static ScriptObject Collection(CollectionSchema collection) => new()
    {
        ["name"] = collection.Name,
        ["pascal"] = Pascal(collection.Name),
        ["type"] = Pascal(collection.Name) + "Document",
        ["input"] = Pascal(collection.Name) + "Input",
        ["property"] = Camel(collection.Name),
        ["fields"] = new ScriptArray(collection.Fields.Select(f => new ScriptObject
        {
            ["name"] = f.Name,
            ["pascal"] = Pascal(f.Name),
            ["required"] = f.Required,
            ["optional"] = !f.Required || f.Default is not null,
            ["ts"] = TypeScript(f),
            ["cs"] = CSharp(f),
        })),
    };

    private static string TypeScript(FieldSchema field)
    {
        var item = field.Type switch
        {
            FieldType.String or FieldType.DateTime => "string",
            FieldType.Int or FieldType.Number => "number",
            FieldType.Bool => "boolean",
            _ => "unknown",
        };
        return field.IsList ? item + "[]" : item;
    }

    private static string CSharp(FieldSchema field)
    {
        var item = field.Type switch
        {
            FieldType.String => "string",
            FieldType.DateTime => "DateTimeOffset",
            FieldType.Int => "long",
            FieldType.Number => "double",
            FieldType.Bool => "bool",
            _ => "JsonElement",
        };
        return (field.IsList ? $"IReadOnlyList<{item}>" : item) + "?";
    }

    private static string Pascal(string name) => string.Concat(name.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Camel(string name)
    {
        var pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    private static string ReadTemplate(string name)
    {
        using var stream = typeof(SdkGenerator).Assembly.GetManifestResourceStream("sdk/" + name)
            ?? throw new InvalidOperationException($"The mobile vertical is missing its embedded 'sdk/{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
