using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Changes the <c>spec:</c> of a <c>strata.yaml</c> text and leaves the rest of the file as it was: each
/// top-level key of the change replaces that key of the spec (a null removes it). What a vertical's API
/// needs to deploy the serving revision again with, say, a new <c>spec.run</c>.
/// </summary>
public static class ManifestSpecEdit
{
    /// <summary>The manifest <paramref name="yaml"/> with <paramref name="change"/> applied to its spec.</summary>
    /// <param name="yaml">The text of a <c>strata.yaml</c> that parses.</param>
    /// <param name="change">A JSON object: keys of the spec to set, or to remove with null.</param>
    /// <exception cref="StrataException">The change is not an object, holds a value YAML cannot carry, or the manifest has no mapping at its root.</exception>
    public static string Apply(string yaml, JsonElement change)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (change.ValueKind != JsonValueKind.Object)
        {
            throw new StrataException($"The spec change must be a JSON object of spec keys, not {change.ValueKind}.", "spec");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new StrataException("The serving revision's strata.yaml has no mapping at its root.", "strata.yaml");
        }

        var key = new YamlScalarNode("spec");
        var spec = root.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode mapping ? mapping : new YamlMappingNode();
        foreach (var property in change.EnumerateObject())
        {
            var name = new YamlScalarNode(property.Name);
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                spec.Children.Remove(name);
            }
            else
            {
                // JSON is YAML (flow style): the value keeps its types (a string stays quoted, a number plain).
                // Not every JSON text is YAML that YamlDotNet reads (a lone surrogate "\ud800"): that is the change's fault.
                var value = new YamlStream();
                try
                {
                    value.Load(new StringReader(property.Value.GetRawText()));
                }
                catch (YamlDotNet.Core.YamlException ex)
                {
                    throw new StrataException($"The value of spec key '{property.Name}' cannot be written to strata.yaml: {ex.Message}", "spec." + property.Name, ex);
                }

                spec.Children[name] = value.Documents[0].RootNode;
            }
        }

        root.Children[key] = spec;
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
