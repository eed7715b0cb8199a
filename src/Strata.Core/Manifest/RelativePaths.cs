using Strata.Validation;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>
/// Reads lists of paths relative to the app folder (<c>caas.raw</c>, <c>caas.patches</c>). Paths may
/// not leave the folder: the app's files are all the host may read on the app's behalf.
/// </summary>
internal static class RelativePaths
{
    public static IReadOnlyList<string> Read(YamlNode node, string path, List<ValidationProblem> problems)
    {
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new ValidationProblem(path, $"expected a list of paths relative to the app folder, e.g. [k8s/extra.yaml]; got {YamlScalars.Describe(node)}"));
            return [];
        }

        var paths = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = $"{path}[{i}]";
            if (item is not YamlScalarNode { Value: { Length: > 0 } text } scalar || YamlScalars.IsNull(scalar))
            {
                problems.Add(new ValidationProblem(itemPath, $"expected a path relative to the app folder, got {YamlScalars.Describe(item)}"));
            }
            else if (Check(text) is { } problem)
            {
                problems.Add(new ValidationProblem(itemPath, problem));
            }
            else
            {
                paths.Add(text);
            }
        }

        return paths;
    }

    /// <summary>Null when <paramref name="text"/> stays inside the app folder; otherwise why not.</summary>
    public static string? Check(string text)
    {
        // Judge both separators and drive letters whatever the host OS: the file may move between OSes.
        var rooted = text[0] is '/' or '\\' || (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':') || Path.IsPathRooted(text);
        if (rooted)
        {
            return $"'{text}' is an absolute path; use a path relative to the app folder, e.g. k8s/extra.yaml";
        }

        if (text.Split('/', '\\').Contains(".."))
        {
            return $"'{text}' leaves the app folder ('..'); use a path inside it, e.g. k8s/extra.yaml";
        }

        return null;
    }
}
