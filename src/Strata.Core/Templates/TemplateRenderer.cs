using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using Strata.Templates;

namespace Strata.Core.Templates;

/// <summary>
/// Renders a <see cref="TemplateSet"/> into a folder. Every file's path and content are Scriban
/// templates. The whole set is rendered in memory first, so a set with any error writes nothing.
/// </summary>
public sealed class TemplateRenderer
{
    // A template that loops this often is broken; stop it instead of hanging `strata new`.
    private const int LoopLimit = 10_000;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Renders <paramref name="set"/> with <paramref name="model"/> into <paramref name="targetDirectory"/>.</summary>
    /// <param name="set">The template set.</param>
    /// <param name="model">The values templates see.</param>
    /// <param name="targetDirectory">The app folder to create; must be absent or empty unless <paramref name="overwrite"/>.</param>
    /// <param name="overwrite">Write into a non-empty folder, replacing files of the same path.</param>
    /// <param name="ct">Cancels the writing.</param>
    /// <returns>The relative ('/'-separated) paths written, sorted.</returns>
    /// <exception cref="StrataException">The target is not empty, a template has errors, or a path leaves the target.</exception>
    public async Task<IReadOnlyList<string>> RenderAsync(
        TemplateSet set,
        TemplateModel model,
        string targetDirectory,
        bool overwrite = false,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);

        var target = Path.GetFullPath(targetDirectory);
        if (!overwrite && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new StrataException(
                $"The folder '{target}' is not empty. Choose a new or empty folder, or pass overwrite to write into it.",
                target);
        }

        var rendered = RenderAll(set, model, target);

        foreach (var (relativePath, content) in rendered)
        {
            ct.ThrowIfCancellationRequested();
            var fullPath = Path.Combine(target, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            await File.WriteAllTextAsync(fullPath, content, Utf8NoBom, ct).ConfigureAwait(false);
        }

        return [.. rendered.Keys];
    }

    private static SortedDictionary<string, string> RenderAll(TemplateSet set, TemplateModel model, string target)
    {
        var errors = new List<string>();
        var rendered = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in set.Files)
        {
            var path = Render(file.Path, $"{file.Path} (path)", model, errors);
            var content = Render(file.Content, file.Path, model, errors);
            if (path is null || content is null)
            {
                continue;
            }

            if (TemplatePaths.Check(path, target) is { } problem)
            {
                errors.Add($"{file.Path}: {problem}");
            }
            else if (!rendered.TryAdd(TemplatePaths.Normalize(path), content))
            {
                errors.Add($"{file.Path}: renders to '{path}', which another template of the set also renders to.");
            }
        }

        if (errors.Count > 0)
        {
            throw new StrataException(
                $"Template set '{set.Name}' has {errors.Count} error(s); nothing was written:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
        }

        return rendered;
    }

    private static string? Render(string text, string sourceName, TemplateModel model, List<string> errors)
    {
        var template = Template.Parse(text, sourceName);
        if (template.HasErrors)
        {
            errors.AddRange(template.Messages.Where(m => m.Type == ParserMessageType.Error).Select(m => Describe(m.Span, m.Message)));
            return null;
        }

        try
        {
            return template.Render(CreateContext(model));
        }
        catch (ScriptRuntimeException e)
        {
            errors.Add(Describe(e.Span, e.OriginalMessage));
            return null;
        }
    }

    // Scriban positions are zero-based; editors count from one.
    private static string Describe(SourceSpan span, string message) =>
        $"{span.FileName}({span.Start.Line + 1},{span.Start.Column + 1}): {message}";

    // A fresh context per template: one template's assignments must not leak into the next.
    private static TemplateContext CreateContext(TemplateModel model)
    {
        var app = new ScriptObject
        {
            ["name"] = model.AppName,
            ["pascal_name"] = model.PascalName,
            ["vertical"] = model.Vertical,
            ["namespace"] = model.Namespace,
        };
        var options = new ScriptObject();
        foreach (var (key, value) in model.Options)
        {
            options[key] = value;
        }

        var globals = new ScriptObject { ["app"] = app, ["options"] = options };
        var context = new TemplateContext
        {
            StrictVariables = true,
            // Typos such as app.nmae are errors, not empty strings.
            EnableRelaxedMemberAccess = false,
            LoopLimit = LoopLimit,
            // The model is built of script objects with explicit snake_case keys; no .NET member is
            // imported, so no renamer guesses names behind the template author's back.
            MemberRenamer = member => member.Name,
            TemplateLoader = null,
        };
        context.PushGlobal(globals);
        return context;
    }
}
