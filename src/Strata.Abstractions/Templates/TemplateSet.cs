using System.Reflection;

namespace Strata.Templates;

/// <summary>
/// A set of Scriban templates that renders a new app folder. Paths and contents are both templates;
/// the model has <c>app.name</c>, <c>app.pascal_name</c>, <c>app.vertical</c> and <c>options</c>.
/// </summary>
/// <param name="Name">The set name, e.g. <c>http</c>.</param>
/// <param name="Description">One line shown by <c>strata new --list</c>.</param>
/// <param name="Files">The template files.</param>
public sealed record TemplateSet(string Name, string Description, IReadOnlyList<TemplateFile> Files)
{
    /// <summary>
    /// Reads a set from resources embedded in <paramref name="assembly"/> whose names start with
    /// <c>templates/&lt;name&gt;/</c>. Embed them with
    /// <c>&lt;EmbeddedResource Include="templates/**" LogicalName="templates/%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>.
    /// </summary>
    /// <param name="assembly">The plugin assembly.</param>
    /// <param name="name">The set name; also the folder under <c>templates/</c>.</param>
    /// <param name="description">One line describing the set.</param>
    public static TemplateSet FromEmbeddedResources(Assembly assembly, string name, string description)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var prefix = $"templates/{name}/";
        var files = new List<TemplateFile>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.Replace('\\', '/').StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files.Add(new TemplateFile(resource.Replace('\\', '/')[prefix.Length..], reader.ReadToEnd()));
        }

        if (files.Count == 0)
        {
            throw new InvalidOperationException(
                $"Assembly '{assembly.GetName().Name}' embeds no resource under '{prefix}'. Ensure the project embeds templates with LogicalName=\"templates/%(RecursiveDir)%(Filename)%(Extension)\".");
        }

        return new TemplateSet(name, description, files);
    }
}
