using Strata.Validation;
using YamlDotNet.RepresentationModel;

namespace Strata.Core.Manifest;

/// <summary>Small readers shared by the sections of <c>strata.yaml</c>, each reporting what it cannot read.</summary>
internal static class YamlNodes
{
    /// <summary>The text of a mapping key, or null (reported) when the key is not a plain value.</summary>
    public static string? KeyOf(YamlNode key, string parentPath, List<ValidationProblem> problems)
    {
        if (key is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }

        problems.Add(new ValidationProblem(parentPath, $"keys must be names, got {YamlScalars.Describe(key)} at line {key.Start.Line}"));
        return null;
    }

    /// <summary>Joins a parent path and a child key.</summary>
    public static string Child(string parentPath, string key) => parentPath.Length == 0 ? key : $"{parentPath}.{key}";

    /// <summary>Reads an integer in [<paramref name="min"/>, <paramref name="max"/>], or reports why not.</summary>
    public static int? ReadInt(YamlNode node, string path, List<ValidationProblem> problems, int min, int max = int.MaxValue)
    {
        var range = max == int.MaxValue ? $"an integer of at least {min}" : $"an integer from {min} to {max}";
        if (!YamlScalars.TryGetInt32(node, out var value))
        {
            problems.Add(new ValidationProblem(path, $"expected {range}, got {YamlScalars.Describe(node)}"));
            return null;
        }

        if (value < min || value > max)
        {
            problems.Add(new ValidationProblem(path, $"expected {range}, got {value}"));
            return null;
        }

        return value;
    }

    /// <summary>The mapping, or null (reported with what was found instead).</summary>
    public static YamlMappingNode? AsMapping(YamlNode node, string path, string what, List<ValidationProblem> problems)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        problems.Add(new ValidationProblem(path, $"expected a mapping ({what}), got {YamlScalars.Describe(node)}"));
        return null;
    }
}
