namespace Strata.Templates;

/// <summary>One template file of a <see cref="TemplateSet"/>.</summary>
/// <param name="Path">The relative output path, '/'-separated; may contain Scriban expressions.</param>
/// <param name="Content">The Scriban template text.</param>
public sealed record TemplateFile(string Path, string Content);
