using Strata.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Reads <c>strata.yaml</c>. It reports every problem it finds, each with the path of its field,
/// rather than stopping at the first: the user fixes the file once, not once per error.
/// </summary>
public static class AppManifestParser
{
    /// <summary>The manifest's file name in an app folder.</summary>
    public const string FileName = "strata.yaml";

    /// <summary>Parses and validates the text of a <c>strata.yaml</c> (not the vertical's <c>spec:</c> rules; see <see cref="ManifestValidator"/>).</summary>
    /// <param name="yaml">The file's text.</param>
    public static ManifestParseResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);

        var problems = new List<ValidationProblem>();
        var root = Load(yaml, problems);
        if (root is null)
        {
            return new ManifestParseResult(null, problems);
        }

        var manifest = ManifestReader.Read(root, problems);
        return new ManifestParseResult(manifest, problems);
    }

    /// <summary>Reads and parses <c>strata.yaml</c> in <paramref name="appDirectory"/>.</summary>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result; a missing or unreadable file is a problem at path <c>strata.yaml</c>, not an exception.</returns>
    public static async Task<ManifestParseResult> LoadAsync(string appDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);

        var path = Path.Combine(appDirectory, FileName);
        string yaml;
        try
        {
            yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed($"there is no {FileName} in '{Path.GetFullPath(appDirectory)}'. Run the command in an app folder, or create an app with `strata new <vertical> <app>`");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed($"{FileName} in '{Path.GetFullPath(appDirectory)}' could not be read: {ex.Message}");
        }

        return Parse(yaml);
    }

    private static ManifestParseResult Failed(string message) =>
        new(null, [new ValidationProblem(FileName, message)]);

    private static YamlNode? Load(string yaml, List<ValidationProblem> problems)
    {
        var parser = new Parser(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            problems.Add(new ValidationProblem("", $"{FileName} is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these, without a position, on some malformed input (an unclosed
            // flow list; a tag that is no URI); the parser's last event is the best position there is.
            var mark = parser.Current?.End ?? Mark.Empty;
            problems.Add(new ValidationProblem("", $"{FileName} is not valid YAML near line {mark.Line}, column {mark.Column}: check for an unclosed '[', '{{' or quote"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(new ValidationProblem("", $"{FileName} is empty: it needs at least 'name' and 'vertical' (create an app with `strata new <vertical> <app>`)"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(new ValidationProblem("", $"{FileName} holds {stream.Documents.Count} YAML documents; keep one (remove the extra '---')"));
        }

        return stream.Documents[0].RootNode;
    }
}
