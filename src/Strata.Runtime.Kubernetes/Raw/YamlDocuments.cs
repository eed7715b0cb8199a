using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Manifest;
using Strata.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Runtime.Kubernetes.Raw;

/// <summary>Reads a multi-document YAML file into JSON objects, with the YAML 1.2 scalar rules of <c>strata.yaml</c>.</summary>
internal static class YamlDocuments
{
    /// <summary>The non-empty documents of <paramref name="yaml"/>, each with its index in the file.</summary>
    public static IReadOnlyList<(int Index, JsonObject Document)> Read(string yaml, string file, string path)
    {
        var parser = new Parser(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new StrataException($"'{file}' is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", path);
        }
        catch (InvalidOperationException)
        {
            var mark = parser.Current?.End ?? Mark.Empty;
            throw new StrataException($"'{file}' is not valid YAML near line {mark.Line}, column {mark.Column}: check for an unclosed '[', '{{' or quote", path);
        }

        var documents = new List<(int, JsonObject)>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode scalar && string.IsNullOrEmpty(scalar.Value))
            {
                continue;
            }

            var problems = new List<ValidationProblem>();
            var json = JsonNode.Parse(YamlJson.ToJson(root, "", problems).GetRawText());
            if (problems.Count > 0)
            {
                throw new StrataException($"'{file}' document {i + 1}: {string.Join("; ", problems)}", path);
            }

            if (json is not JsonObject document)
            {
                throw new StrataException($"'{file}' document {i + 1} (line {root.Start.Line}) is not a mapping; each document must be one object.", path);
            }

            documents.Add((i, document));
        }

        if (documents.Count == 0)
        {
            throw new StrataException($"'{file}' holds no YAML document; remove it from strata.yaml or add content.", path);
        }

        return documents;
    }
}
